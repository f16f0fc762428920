package io.mailfleet.events;

import java.time.Duration;
import java.util.Objects;

/** Checks and conversions for the timeouts in the settings records of this module's packages. */
public final class Durations {

    private Durations() {
    }

    public static Duration requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
        return duration;
    }

    /** Kafka takes several timeouts as int milliseconds. */
    public static int toIntMillis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
