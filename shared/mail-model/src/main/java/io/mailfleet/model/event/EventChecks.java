package io.mailfleet.model.event;

import io.mailfleet.model.address.MailAddress;
import java.util.Objects;

/** Validation shared by the compact constructors, so every event rejects bad input the same way. */
final class EventChecks {

    private EventChecks() {
    }

    static void checkVersion(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("event version must be at least 1, got " + version);
        }
    }

    static String requireNonBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }

    static long requirePositive(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /** Accounts are named by address; events carry the canonical form so Kafka keys are exact. */
    static String canonicalAccount(String account) {
        return MailAddress.parse(Objects.requireNonNull(account, "account"), true).toString();
    }
}
