package io.mailfleet.model.mailbox;

/**
 * A CONDSTORE mod-sequence of a mailbox change (RFC 7162 §7, {@code mod-sequence-value}): 1 to
 * 2^63-1. The value 0 that CHANGEDSINCE and UNCHANGEDSINCE accept is a protocol argument, never the
 * mod-sequence of a change, so it is not a ModSeq.
 */
public record ModSeq(long value) implements Comparable<ModSeq> {

    public static final ModSeq MIN = new ModSeq(1);

    public ModSeq {
        if (value < 1) {
            throw new IllegalArgumentException("MODSEQ " + value + " is outside 1.." + Long.MAX_VALUE);
        }
    }

    public static ModSeq of(long value) {
        return new ModSeq(value);
    }

    /** The following mod-sequence; fails rather than wraps, since MODSEQ must only grow. */
    public ModSeq next() {
        if (value == Long.MAX_VALUE) {
            throw new IllegalStateException("MODSEQ space exhausted");
        }
        return new ModSeq(value + 1);
    }

    public boolean isAfter(ModSeq other) {
        return value > other.value;
    }

    @Override
    public int compareTo(ModSeq other) {
        return Long.compare(value, other.value);
    }

    /** The decimal form IMAP sends. */
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
