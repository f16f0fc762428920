package io.mailfleet.model.mailbox;

/**
 * An IMAP message UID: unsigned 32-bit and non-zero (RFC 3501 §2.3.1.1, {@code nz-number}), held in
 * a {@code long} because Java has no unsigned int. UIDs only grow and are never reused (docs/architecture.md,
 * invariant 4); when they run out the mailbox needs a new {@link UidValidity}.
 */
public record Uid(long value) implements Comparable<Uid> {

    public static final long MAX_VALUE = 0xFFFF_FFFFL;
    public static final Uid MIN = new Uid(1);
    public static final Uid MAX = new Uid(MAX_VALUE);

    public Uid {
        if (value < 1 || value > MAX_VALUE) {
            throw new IllegalArgumentException("UID " + value + " is outside 1.." + MAX_VALUE);
        }
    }

    public static Uid of(long value) {
        return new Uid(value);
    }

    /** The following UID; fails on {@link #MAX}, since wrapping around would reuse UIDs. */
    public Uid next() {
        if (value == MAX_VALUE) {
            throw new IllegalStateException("UID space exhausted; the mailbox needs a new UIDVALIDITY");
        }
        return new Uid(value + 1);
    }

    @Override
    public int compareTo(Uid other) {
        return Long.compare(value, other.value);
    }

    /** The decimal form IMAP sends. */
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
