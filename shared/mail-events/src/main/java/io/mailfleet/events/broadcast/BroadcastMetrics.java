package io.mailfleet.events.broadcast;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What an operator watches of IDLE push on one instance: whether the reader is connected, how many
 * sessions wait, how many events were heard, and how late the wake-ups came.
 */
final class BroadcastMetrics {

    private final Timer pushDelay;
    private final Counter woke;
    private final Counter unwatched;
    private final Counter undecodable;

    BroadcastMetrics(MeterRegistry registry, BooleanSupplier connected, AccountWatchers watchers) {
        Gauge.builder("mailfleet_imap_push_connected", connected, state -> state.getAsBoolean() ? 1 : 0)
                .description("1 while the mailbox events reader hears from Kafka; 0 while IDLE falls back to polling")
                // The supplier is a method reference nothing else holds: a weak one would be collected.
                .strongReference(true)
                .register(registry);
        Gauge.builder("mailfleet_imap_push_watchers", watchers, AccountWatchers::size)
                .description("Sessions waiting to be woken by a change of their account")
                .register(registry);
        pushDelay = Timer.builder("mailfleet_imap_push_delay_seconds")
                .description("From an event's Kafka timestamp to the wake-up of its account's sessions")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        woke = events(registry, "woke");
        unwatched = events(registry, "unwatched");
        undecodable = events(registry, "undecodable");
    }

    void woke(Duration delay) {
        woke.increment();
        pushDelay.record(delay);
    }

    void unwatched() {
        unwatched.increment();
    }

    void undecodable() {
        undecodable.increment();
    }

    private static Counter events(MeterRegistry registry, String outcome) {
        return Counter.builder("mailfleet_imap_push_events_total")
                .description("Mailbox events read, by whether they woke a session of this instance")
                .tag("outcome", outcome)
                .register(registry);
    }
}
