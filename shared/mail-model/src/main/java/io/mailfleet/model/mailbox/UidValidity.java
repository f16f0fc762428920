package io.mailfleet.model.mailbox;

/**
 * An IMAP UIDVALIDITY: unsigned 32-bit and non-zero (RFC 3501 §2.3.1.1). A new value tells clients
 * that the mailbox's UIDs were reset and their cache is void, so values are only compared for equality.
 */
public record UidValidity(long value) {

    public static final long MAX_VALUE = 0xFFFF_FFFFL;

    public UidValidity {
        if (value < 1 || value > MAX_VALUE) {
            throw new IllegalArgumentException("UIDVALIDITY " + value + " is outside 1.." + MAX_VALUE);
        }
    }

    public static UidValidity of(long value) {
        return new UidValidity(value);
    }

    /** The decimal form IMAP sends. */
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
