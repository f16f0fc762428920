package io.mailfleet.model;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Issues {@link MessageId}s that strictly increase within one generator: a new millisecond gets a
 * fresh random part, the same millisecond (or a clock that stepped back) gets the previous id plus
 * one. Across instances the random part makes collisions negligible without coordination. Use one
 * generator per process; it is thread-safe.
 */
public final class MessageIdGenerator {

    private final Clock clock;
    private final RandomGenerator random;
    private MessageId last;

    public MessageIdGenerator() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    public MessageIdGenerator(Clock clock, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public synchronized MessageId next() {
        long now = clock.millis();
        if (last != null && now <= last.epochMillis()) {
            last = last.increment();
        } else {
            last = MessageId.of(now, random.nextLong(), random.nextLong());
        }
        return last;
    }
}
