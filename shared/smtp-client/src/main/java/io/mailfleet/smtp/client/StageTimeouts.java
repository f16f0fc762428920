package io.mailfleet.smtp.client;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** How long each {@link Stage} may take; every stage has a value. */
public record StageTimeouts(Map<Stage, Duration> durations) {

    public StageTimeouts {
        Objects.requireNonNull(durations, "durations");
        EnumMap<Stage, Duration> copy = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            Duration duration = Objects.requireNonNull(durations.get(stage), () -> "no timeout for " + stage);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("timeout for " + stage + " must be positive: " + duration);
            }
            copy.put(stage, duration);
        }
        durations = Collections.unmodifiableMap(copy);
    }

    /** Each stage's {@link Stage#defaultTimeout()}. */
    public static StageTimeouts defaults() {
        EnumMap<Stage, Duration> durations = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            durations.put(stage, stage.defaultTimeout());
        }
        return new StageTimeouts(durations);
    }

    public Duration of(Stage stage) {
        return durations.get(stage);
    }

    public StageTimeouts with(Stage stage, Duration duration) {
        EnumMap<Stage, Duration> changed = new EnumMap<>(durations);
        changed.put(stage, duration);
        return new StageTimeouts(changed);
    }
}
