package io.mailfleet.quarkus.failure;

import io.mailfleet.quarkus.failure.TemporaryFailures.Cause;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.blob.BlobStoreUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class TemporaryFailuresTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MovableClock clock = new MovableClock();
    private final TemporaryFailures failures = new TemporaryFailures(registry, clock);

    @Test
    void theCauseIsTheDependencyNamedFirstInTheChain() {
        assertThat(TemporaryFailures.causeOf(new CompletionException(new BlobStoreUnavailableException("put", new IOException("read timed out")))))
                .isEqualTo(Cause.S3);
        assertThat(TemporaryFailures.causeOf(new StoreUnavailableException("no host", null))).isEqualTo(Cause.CASSANDRA);
        assertThat(TemporaryFailures.causeOf(new CompletionException(new TimeoutException("expired")))).isEqualTo(Cause.KAFKA);
        assertThat(TemporaryFailures.causeOf(new CompletionException(new java.util.concurrent.TimeoutException())))
                .isEqualTo(Cause.TIMEOUT);
        assertThat(TemporaryFailures.causeOf(new StoreUnavailableException("read", new java.util.concurrent.TimeoutException())))
                .as("a dependency named before the timeout").isEqualTo(Cause.CASSANDRA);
        assertThat(TemporaryFailures.causeOf(new RejectedExecutionException("lane full"))).isEqualTo(Cause.BUSY);
        assertThat(TemporaryFailures.causeOf(new IOException("other"))).isEqualTo(Cause.OTHER);
    }

    @Test
    void everyFailureIsCountedButOneLineIsLoggedPerCauseAndInterval() {
        assertThat(failures.record(Cause.S3, "451 4.3.0", new IOException("first"))).isTrue();
        assertThat(failures.record(Cause.S3, "451 4.3.0", new IOException("second"))).isFalse();
        assertThat(failures.record(Cause.KAFKA, "451 4.3.0", new IOException("another cause"))).isTrue();
        clock.advance(TemporaryFailures.LOG_INTERVAL.minusMillis(1));
        assertThat(failures.record(Cause.S3, "451 4.3.0", new IOException("third"))).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(failures.record(Cause.S3, "451 4.3.0", new IOException("fourth"))).isTrue();

        assertThat(registry.get("mailfleet_temporary_failures_total").tag("cause", "s3").counter().count()).isEqualTo(4);
        assertThat(registry.get("mailfleet_temporary_failures_total").tag("cause", "kafka").counter().count()).isEqualTo(1);
    }

    @Test
    void aStoreThatIsDownWritesOneLinePerIntervalHoweverManySessionsAreAnswered() {
        int logged = 0;
        for (int second = 0; second < 30; second++) {
            for (int session = 0; session < 100; session++) {
                if (failures.record("NO [UNAVAILABLE] to FETCH in session " + session, new StoreUnavailableException("no host", null))) {
                    logged++;
                }
            }
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(logged).as("lines in 30 s of 100 failures a second").isEqualTo(3);
        assertThat(registry.get("mailfleet_temporary_failures_total").tag("cause", "cassandra").counter().count()).isEqualTo(3000);
    }

    @Test
    void everyCauseIsExportedAtZeroBeforeItsFirstFailure() {
        failures.exportEveryCause();

        for (Cause cause : Cause.values()) {
            assertThat(registry.get("mailfleet_temporary_failures_total").tag("cause", cause.tag()).counter().count()).isZero();
        }
        assertThat(registry.find("mailfleet_temporary_failures_total").counters()).hasSize(Cause.values().length);
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-05T03:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
