package io.mailfleet.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredAheadTest {

    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    @Test
    void handsOutResultsInTheSourcesOrderWhenLaterStepsFinishFirst() throws Exception {
        // Item 0's step waits until every other item's step of its window has finished.
        CountDownLatch othersDone = new CountDownLatch(3);
        StoredAhead<Integer, String> ahead = new StoredAhead<>(IntStream.range(0, 4).boxed().iterator(), item -> {
            if (item == 0) {
                await(othersDone);
            } else {
                othersDone.countDown();
            }
            return "stored " + item;
        }, workers, 4);

        List<String> results = new ArrayList<>();
        ahead.forEachRemaining(results::add);

        assertThat(results).containsExactly("stored 0", "stored 1", "stored 2", "stored 3");
    }

    @Test
    void startsNoMoreThanTheWindowBeforeTheFirstResultIsTaken() {
        AtomicInteger started = new AtomicInteger();
        Executor counting = task -> {
            started.incrementAndGet();
            workers.execute(task);
        };
        StoredAhead<Integer, Integer> ahead = new StoredAhead<>(IntStream.range(0, 100).boxed().iterator(), item -> item,
                counting, 3);

        assertThat(ahead.next()).isZero();
        assertThat(started.get()).isEqualTo(3);
        assertThat(ahead.next()).isOne();
        assertThat(started.get()).isEqualTo(4);
    }

    @Test
    void aFailedStepIsThrownAsTheStepThrewIt() {
        StoredAhead<Integer, Integer> ahead = new StoredAhead<>(IntStream.range(0, 3).boxed().iterator(), item -> {
            if (item == 1) {
                throw new IllegalStateException("blob store down");
            }
            return item;
        }, workers, 2);

        assertThat(ahead.next()).isZero();
        assertThatThrownBy(ahead::next).isInstanceOf(IllegalStateException.class).hasMessage("blob store down");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
