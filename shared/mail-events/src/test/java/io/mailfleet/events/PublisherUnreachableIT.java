package io.mailfleet.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.events.topic.Topics;
import io.mailfleet.testing.process.Ports;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** A publisher whose broker does not answer: every publish must fail within the bound, none succeed. */
class PublisherUnreachableIT {

    @Test
    void withTheDefaultsAPublishFailsWithinTenSeconds() {
        ProducerSettings settings = ProducerSettings.defaults(closedPort());

        assertEachPublishFailsWithinBound(settings, 1);
    }

    @Test
    void shorterTimeoutsFailEveryPublishSooner() {
        ProducerSettings settings = ProducerSettings.defaults(closedPort())
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(1));

        assertEachPublishFailsWithinBound(settings, 3);
    }

    private static void assertEachPublishFailsWithinBound(ProducerSettings settings, int events) {
        // Generous for a loaded machine, yet far below the minutes Kafka's own defaults would take.
        Duration limit = settings.publishBound().plusSeconds(3);
        try (EventPublisher publisher = new EventPublisher(settings, Topics.DEFAULTS)) {
            for (int i = 0; i < events; i++) {
                long start = System.nanoTime();
                CompletableFuture<PublishedPosition> result =
                        publisher.publish(SampleEvents.mailAccepted()).toCompletableFuture();
                Throwable error = result.handle((position, failure) -> failure)
                        .orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
                        .join();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

                assertThat(result).isCompletedExceptionally();
                assertThat(error).isInstanceOf(TimeoutException.class);
                assertThat(elapsed).isLessThan(limit);
            }
        }
    }

    private static String closedPort() {
        return "127.0.0.1:" + Ports.free();
    }
}
