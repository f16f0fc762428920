package io.mailfleet.quarkus.failure;

import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.blob.BlobStoreUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every temporary failure answered to a client (451, {@code -ERR [SYS/TEMP]}, {@code NO [UNAVAILABLE]},
 * a delivery put back to wait) is counted by cause in {@code mailfleet_temporary_failures_total} and
 * logged at WARN with its cause, at most once per cause and {@link #LOG_INTERVAL}, with the number
 * left unlogged since: during an outage an operator reads which dependency fails without the log
 * drowning in one line per client.
 *
 * <p>One instance per process, {@link #shared()}, on Micrometer's global registry, which Quarkus
 * backs with the one {@code /q/metrics} exports; so whatever decides a temporary failure records it
 * without any wiring.
 */
public final class TemporaryFailures {

    public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    /**
     * What failed, as the metric's {@code cause} tag: a dependency to look at, {@code timeout} for
     * work that outlived its bound without a dependency naming itself, {@code busy} for work refused
     * because this instance's lanes were full (scale out), or {@code other}.
     */
    public enum Cause {
        S3, CASSANDRA, KAFKA, TIMEOUT, BUSY, OTHER;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TemporaryFailures.class);
    private static final TemporaryFailures SHARED = new TemporaryFailures(Metrics.globalRegistry, Clock.systemUTC());

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Cause, Instant> lastLogged = new ConcurrentHashMap<>();
    private final Map<Cause, AtomicLong> unlogged = new ConcurrentHashMap<>();

    TemporaryFailures(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public static TemporaryFailures shared() {
        return SHARED;
    }

    /** The dependency behind a failure, from the first exception in its cause chain that names one. */
    public static Cause causeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BlobStoreUnavailableException) {
                return Cause.S3;
            }
            if (t instanceof StoreUnavailableException) {
                return Cause.CASSANDRA;
            }
            if (t instanceof KafkaException) {
                return Cause.KAFKA;
            }
            if (t instanceof TimeoutException) {
                return Cause.TIMEOUT;
            }
            if (t instanceof RejectedExecutionException) {
                return Cause.BUSY;
            }
        }
        return Cause.OTHER;
    }

    /**
     * One temporary failure answered to a client.
     *
     * @param answer what the client was told, e.g. {@code 451 4.3.0}, for the log line
     * @param failure why
     * @return whether this one was logged; the others are counted in the next line logged
     */
    public boolean record(Cause cause, String answer, Throwable failure) {
        counter(cause).increment();
        AtomicLong pending = unlogged.computeIfAbsent(cause, c -> new AtomicLong());
        pending.incrementAndGet();
        Instant now = clock.instant();
        Instant last = lastLogged.get(cause);
        boolean due = last == null || !now.isBefore(last.plus(LOG_INTERVAL));
        if (due && (last == null ? lastLogged.putIfAbsent(cause, now) == null : lastLogged.replace(cause, last, now))) {
            long count = pending.getAndSet(0);
            LOG.warn("temporary failure ({}) answered {}: {}{}", cause.tag(), answer, describe(failure),
                    count > 1 ? " (" + (count - 1) + " more since the last such line)" : "");
            return true;
        }
        return false;
    }

    /** Like {@link #record(Cause, String, Throwable)}, with the cause read from the failure. */
    public boolean record(String answer, Throwable failure) {
        return record(causeOf(failure), answer, failure);
    }

    /**
     * Registers every cause's counter at zero: the series exist before the first failure, so a
     * dashboard shows them and a rate counts that first failure too.
     */
    public void exportEveryCause() {
        for (Cause cause : Cause.values()) {
            counter(cause);
        }
    }

    private Counter counter(Cause cause) {
        return Counter.builder("mailfleet_temporary_failures_total")
                .description("Temporary failures answered to clients, by the dependency that failed")
                .tag("cause", cause.tag())
                .register(registry);
    }

    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure));
        for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            text.append(" <- ").append(t);
        }
        return text.toString();
    }
}
