package io.mailfleet.imap.response;

import java.util.Arrays;

/**
 * Message numbers or UIDs as a response writes them, {@code 1:3,7,9:12} (RFC 3501 {@code sequence-set}),
 * in the order given: runs of consecutive ascending numbers become ranges, nothing is sorted, so that the
 * two sets of COPYUID (RFC 4315 §3) and the results of ESORT (RFC 5267) keep their pairing and order.
 * Held as ranges, so a large range costs two numbers.
 */
public final class NumberSet {

    /** first and last of each range, in pairs. */
    private final long[] bounds;

    private NumberSet(long[] bounds) {
        this.bounds = bounds;
    }

    public static NumberSet of(long... numbers) {
        long[] bounds = new long[numbers.length * 2];
        int count = 0;
        for (long number : numbers) {
            requireNzNumber(number);
            if (count > 0 && bounds[count - 1] + 1 == number) {
                bounds[count - 1] = number;
            } else {
                bounds[count++] = number;
                bounds[count++] = number;
            }
        }
        return new NumberSet(Arrays.copyOf(bounds, count));
    }

    public static NumberSet range(long first, long last) {
        requireNzNumber(first);
        requireNzNumber(last);
        if (last < first) {
            throw new IllegalArgumentException("empty range " + first + ":" + last);
        }
        return new NumberSet(new long[] {first, last});
    }

    /**
     * Ranges given as their first and last numbers in pairs, {@code {1, 3, 7, 7}} for {@code 1:3,7}: a set of
     * many numbers whose size does not depend on how many there are.
     */
    public static NumberSet ofRanges(long... firstAndLast) {
        if (firstAndLast.length % 2 != 0) {
            throw new IllegalArgumentException("ranges come in pairs of first and last");
        }
        for (int i = 0; i < firstAndLast.length; i += 2) {
            requireNzNumber(firstAndLast[i]);
            requireNzNumber(firstAndLast[i + 1]);
            if (firstAndLast[i + 1] < firstAndLast[i]) {
                throw new IllegalArgumentException("empty range " + firstAndLast[i] + ":" + firstAndLast[i + 1]);
            }
        }
        return new NumberSet(firstAndLast.clone());
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }

    /** The wire form; fails on an empty set, which the grammar cannot express. */
    public String encode() {
        if (isEmpty()) {
            throw new IllegalStateException("an empty set has no wire form");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(bounds[i]);
            if (bounds[i + 1] != bounds[i]) {
                out.append(':').append(bounds[i + 1]);
            }
        }
        return out.toString();
    }

    private static void requireNzNumber(long number) {
        if (number < 1 || number > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(number + " is not an nz-number");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumberSet other && Arrays.equals(bounds, other.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        return isEmpty() ? "(empty)" : encode();
    }
}
