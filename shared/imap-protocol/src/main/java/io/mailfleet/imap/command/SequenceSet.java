package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import io.mailfleet.imap.wire.Chars;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of message sequence numbers or UIDs: {@code sequence-set = (seq-number / seq-range) ["," sequence-set]}
 * (RFC 9051 §9), or {@code $}, the result the last {@code SEARCH ... RETURN (SAVE)} kept (RFC 5182).
 *
 * @param ranges in the order sent; empty for {@code $}
 * @param saved whether this is {@code $}
 */
public record SequenceSet(List<Range> ranges, boolean saved) {

    /** {@code *}: the largest number in use (the last message, or the largest UID). */
    public static final long LARGEST = Long.MAX_VALUE;

    public static final SequenceSet SAVED = new SequenceSet(List.of(), true);

    public SequenceSet {
        ranges = List.copyOf(ranges);
    }

    /**
     * {@code seq-range = seq-number ":" seq-number}, either end may come first; a single number is a range
     * of one. Either end may be {@link #LARGEST}.
     */
    public record Range(long first, long last) {

        /** The smaller end once {@code *} means {@code largest}. */
        public long low(long largest) {
            return Math.min(resolve(first, largest), resolve(last, largest));
        }

        /** The larger end once {@code *} means {@code largest}. */
        public long high(long largest) {
            return Math.max(resolve(first, largest), resolve(last, largest));
        }

        private static long resolve(long value, long largest) {
            return value == LARGEST ? largest : value;
        }
    }

    /** Whether {@code number} is in the set, when {@code *} means {@code largest}; not for {@code $}. */
    public boolean contains(long number, long largest) {
        if (saved) {
            throw new IllegalStateException("$ stands for a saved result the session holds");
        }
        for (Range range : ranges) {
            if (number >= range.low(largest) && number <= range.high(largest)) {
                return true;
            }
        }
        return false;
    }

    public static SequenceSet parse(Arguments arguments) {
        if (arguments.tryChar('$')) {
            return SAVED;
        }
        return parseRanges(arguments, true);
    }

    /** A set without {@code *} or {@code $}, as QRESYNC's known UIDs (RFC 7162 §3.2.5). */
    public static SequenceSet parseKnown(Arguments arguments) {
        return parseRanges(arguments, false);
    }

    /** Whether a sequence set (or {@code $}) starts here. */
    public static boolean startsHere(Arguments arguments) {
        int c = arguments.peek();
        return Chars.isDigit(c) || c == '*' || c == '$';
    }

    private static SequenceSet parseRanges(Arguments arguments, boolean starAllowed) {
        List<Range> ranges = new ArrayList<>();
        do {
            long first = number(arguments, starAllowed);
            long last = arguments.tryChar(':') ? number(arguments, starAllowed) : first;
            ranges.add(new Range(first, last));
        } while (arguments.tryChar(','));
        return new SequenceSet(ranges, false);
    }

    private static long number(Arguments arguments, boolean starAllowed) {
        if (starAllowed && arguments.tryChar('*')) {
            return LARGEST;
        }
        return arguments.nzNumber();
    }
}
