package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Flags;

import java.util.Objects;

/** One flag change applied to every message of a STORE: {@code +FLAGS}, {@code -FLAGS} or {@code FLAGS}. */
public record FlagUpdate(Mode mode, Flags flags) {

    public enum Mode { ADD, REMOVE, REPLACE }

    public FlagUpdate {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(flags, "flags");
    }

    public static FlagUpdate add(Flags flags) {
        return new FlagUpdate(Mode.ADD, flags);
    }

    public static FlagUpdate remove(Flags flags) {
        return new FlagUpdate(Mode.REMOVE, flags);
    }

    public static FlagUpdate replace(Flags flags) {
        return new FlagUpdate(Mode.REPLACE, flags);
    }

    public Flags applyTo(Flags current) {
        return switch (mode) {
            case ADD -> current.with(flags);
            case REMOVE -> current.without(flags);
            case REPLACE -> flags;
        };
    }
}
