package io.mailfleet.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Counters and timers registered once per name and tag values, then found in a map. Metrics counted
 * on every reply, command, read or delivery would otherwise build and register their meter each
 * time: a builder, sorted {@code Tags}, a {@code Meter.Id} and the registry's own lookup per event,
 * which profiles of the mail path showed among its allocations. Tag values must come from bounded
 * sets (listener names, reply codes, outcomes), as for any Micrometer tag.
 */
public final class MeterCache {

    /** A meter's name with its tag keys and values in the order given. */
    private record Key(String name, List<String> tags) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    public MeterCache(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The counter {@code name} with {@code tags} (keys and values alternating), registered on first use. */
    public Counter counter(String name, String description, String... tags) {
        Key key = new Key(name, List.of(tags));
        Counter counter = counters.get(key);
        return counter != null ? counter : counters.computeIfAbsent(key, made ->
                Counter.builder(name).description(description).tags(tags).register(registry));
    }

    /**
     * The timer {@code name} with {@code tags}, registered on first use with what {@code shape} adds
     * to its builder (description, histogram); the same name must always be given the same shape.
     */
    public Timer timer(String name, UnaryOperator<Timer.Builder> shape, String... tags) {
        Key key = new Key(name, List.of(tags));
        Timer timer = timers.get(key);
        return timer != null ? timer : timers.computeIfAbsent(key, made ->
                shape.apply(Timer.builder(name).tags(tags)).register(registry));
    }
}
