package io.mailfleet.imap.response;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** Untagged search results: SEARCH, SORT (RFC 5256), ESEARCH (RFC 4731, also for ESORT, RFC 5267), THREAD. */
public interface SearchData extends Response {

    /**
     * {@code * SEARCH 2 84 882} or {@code * SORT ...}, with {@code (MODSEQ n)} when the search had a MODSEQ
     * criterion (RFC 7162 §3.1.5); an empty result is {@code * SEARCH} alone.
     */
    record Numbers(boolean sort, List<Long> numbers, OptionalLong highestModSeq) implements SearchData {
        public Numbers {
            numbers = List.copyOf(numbers);
            Objects.requireNonNull(highestModSeq, "highestModSeq");
        }

        public static Numbers search(List<Long> numbers) {
            return new Numbers(false, numbers, OptionalLong.empty());
        }

        public static Numbers sort(List<Long> numbers) {
            return new Numbers(true, numbers, OptionalLong.empty());
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw(sort ? "* SORT" : "* SEARCH");
            numbers.forEach(number -> out.sp().number(number));
            // RFC 7162 §3.1.5: no MODSEQ on an empty result.
            if (highestModSeq.isPresent() && !numbers.isEmpty()) {
                out.raw(" (MODSEQ ").number(highestModSeq.getAsLong()).raw(")");
            }
            out.crlf();
        }
    }

    /**
     * {@code * ESEARCH (TAG "a1") UID MIN 2 MAX 9 ALL 2:4,9 COUNT 4 MODSEQ 9}: only the parts the client
     * asked for and that have a value (no MIN, MAX or ALL for an empty result).
     *
     * @param tag the command's tag, or null for no correlator
     * @param all the matches, in sort order for ESORT; null when not asked or empty
     */
    record Extended(String tag, boolean uid, OptionalLong min, OptionalLong max, NumberSet all, OptionalLong count,
            OptionalLong modSeq) implements SearchData {
        public Extended {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            Objects.requireNonNull(count, "count");
            Objects.requireNonNull(modSeq, "modSeq");
            if (all != null && all.isEmpty()) {
                all = null;
            }
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("* ESEARCH");
            if (tag != null) {
                out.raw(" (TAG ").string(tag).raw(")");
            }
            if (uid) {
                out.raw(" UID");
            }
            min.ifPresent(value -> out.raw(" MIN ").number(value));
            max.ifPresent(value -> out.raw(" MAX ").number(value));
            if (all != null) {
                out.raw(" ALL ").raw(all.encode());
            }
            count.ifPresent(value -> out.raw(" COUNT ").number(value));
            modSeq.ifPresent(value -> out.raw(" MODSEQ ").number(value));
            out.crlf();
        }
    }

    /**
     * One node of a THREAD result (RFC 5256 §4): a message and its replies, or with {@code number} 0 a
     * parent that is not in the mailbox, which then has at least two children.
     */
    record ThreadNode(long number, List<ThreadNode> children) {
        public ThreadNode {
            children = List.copyOf(children);
            if (number < 0 || number == 0 && children.size() < 2) {
                throw new IllegalArgumentException("a missing parent needs two or more children");
            }
        }

        public static ThreadNode of(long number, ThreadNode... children) {
            return new ThreadNode(number, List.of(children));
        }

        void writeMembers(ResponseWriter out) {
            if (number > 0) {
                out.number(number);
            }
            if (children.size() == 1) {
                out.sp();
                children.get(0).writeMembers(out);
            } else if (!children.isEmpty()) {
                if (number > 0) {
                    out.sp();
                }
                for (ThreadNode child : children) {
                    out.raw("(");
                    child.writeMembers(out);
                    out.raw(")");
                }
            }
        }
    }

    /** {@code * THREAD (2)(3 6 (4 23)(44 7 96))}: each thread one parenthesized list. */
    record Threads(List<ThreadNode> threads) implements SearchData {
        public Threads {
            threads = List.copyOf(threads);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("* THREAD");
            if (!threads.isEmpty()) {
                out.sp();
            }
            for (ThreadNode thread : threads) {
                out.raw("(");
                thread.writeMembers(out);
                out.raw(")");
            }
            out.crlf();
        }
    }
}
