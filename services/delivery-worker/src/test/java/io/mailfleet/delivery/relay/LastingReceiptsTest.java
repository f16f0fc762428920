package io.mailfleet.delivery.relay;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.relay.RelayOutcome;
import io.mailfleet.store.relay.RelayReceiptRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LastingReceiptsTest {

    private static final MessageId MESSAGE = new MessageIdGenerator().next();

    private final List<Duration> pauses = new ArrayList<>();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void aReceiptIsWrittenAgainUntilTheStoreAnswers() {
        FailingReceipts store = new FailingReceipts(4);

        new LastingReceipts(store, Duration.ofMinutes(5), pauses::add).record(MESSAGE, "far@remote.test", RelayOutcome.DELIVERED);

        assertThat(store.finished(MESSAGE)).containsEntry("far@remote.test", RelayOutcome.DELIVERED);
        assertThat(pauses).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                Duration.ofMillis(1600));
    }

    @Test
    void pausesStopGrowingAtFiveSeconds() {
        new LastingReceipts(new FailingReceipts(7), Duration.ofMinutes(5), pauses::add)
                .record(MESSAGE, "far@remote.test", RelayOutcome.BOUNCED);

        assertThat(pauses).endsWith(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void theRelayGivesUpOnceThePausesAddUpToThePatience() {
        FailingReceipts store = new FailingReceipts(Integer.MAX_VALUE);

        assertThatThrownBy(() -> new LastingReceipts(store, Duration.ofSeconds(10), pauses::add)
                .record(MESSAGE, "far@remote.test", RelayOutcome.DELIVERED)).isInstanceOf(StoreUnavailableException.class);

        assertThat(pauses.stream().reduce(Duration.ZERO, Duration::plus)).isGreaterThanOrEqualTo(Duration.ofSeconds(10))
                .isLessThan(Duration.ofSeconds(15));
        assertThat(store.finished(MESSAGE)).isEmpty();
    }

    @Test
    void aStoppingWorkerStopsWaitingAndKeepsItsInterrupt() {
        LastingReceipts.Pause interrupted = pause -> {
            throw new InterruptedException("stopping");
        };

        assertThatThrownBy(() -> new LastingReceipts(new FailingReceipts(1), Duration.ofMinutes(5), interrupted)
                .record(MESSAGE, "far@remote.test", RelayOutcome.DELIVERED)).isInstanceOf(StoreUnavailableException.class);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    /** Receipts in memory whose first {@code failures} writes fail as an unreachable Cassandra does. */
    private static final class FailingReceipts implements RelayReceiptRepository {

        private final Map<String, RelayOutcome> written = new HashMap<>();
        private int failures;

        FailingReceipts(int failures) {
            this.failures = failures;
        }

        @Override
        public Map<String, RelayOutcome> finished(MessageId messageId) {
            return Map.copyOf(written);
        }

        @Override
        public void record(MessageId messageId, String recipient, RelayOutcome outcome) {
            if (failures > 0) {
                failures--;
                throw new StoreUnavailableException("write timed out");
            }
            written.put(recipient, outcome);
        }
    }
}
