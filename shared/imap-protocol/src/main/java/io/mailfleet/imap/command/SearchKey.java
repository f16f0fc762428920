package io.mailfleet.imap.command;

import io.mailfleet.model.mailbox.Flag;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One search criterion of SEARCH, SORT and THREAD: every {@code search-key} of RFC 3501 §6.4.4 and
 * RFC 9051 §6.4.4, MODSEQ (RFC 7162 §3.1.5), OLDER/YOUNGER (RFC 5032), EMAILID/THREADID (RFC 8474 §6)
 * and the SAVEDATE keys (RFC 8514). Shorthands are spelt out: NEW is RECENT and UNSEEN, OLD is NOT RECENT.
 */
public sealed interface SearchKey {

    /** Whether the criterion holds message sequence numbers, which EXPUNGE would renumber. */
    default boolean usesSequenceNumbers() {
        return false;
    }

    /** Whether the criterion tests a MODSEQ, which makes SEARCH report the highest one (RFC 7162 §3.1.5). */
    default boolean usesModSeq() {
        return false;
    }

    /** ALL. */
    record All() implements SearchKey {
    }

    /** Every criterion holds: a parenthesised list, or several keys in a row. */
    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }

        @Override
        public boolean usesSequenceNumbers() {
            return keys.stream().anyMatch(SearchKey::usesSequenceNumbers);
        }

        @Override
        public boolean usesModSeq() {
            return keys.stream().anyMatch(SearchKey::usesModSeq);
        }
    }

    record Or(SearchKey left, SearchKey right) implements SearchKey {
        @Override
        public boolean usesSequenceNumbers() {
            return left.usesSequenceNumbers() || right.usesSequenceNumbers();
        }

        @Override
        public boolean usesModSeq() {
            return left.usesModSeq() || right.usesModSeq();
        }
    }

    record Not(SearchKey key) implements SearchKey {
        @Override
        public boolean usesSequenceNumbers() {
            return key.usesSequenceNumbers();
        }

        @Override
        public boolean usesModSeq() {
            return key.usesModSeq();
        }
    }

    /** ANSWERED, DELETED, DRAFT, FLAGGED, SEEN, KEYWORD and their UN- forms. */
    record HasFlag(Flag flag, boolean set) implements SearchKey {
    }

    /** RECENT ({@code true}) and NOT RECENT ({@code false}); IMAP4rev1 sessions only. */
    record Recent(boolean recent) implements SearchKey {
    }

    /** BCC, CC, FROM, SUBJECT, TO and HEADER: the field contains the value (an empty value: has the field). */
    record Header(String field, String value) implements SearchKey {
    }

    /** BODY. */
    record Body(String value) implements SearchKey {
    }

    /** TEXT: header or body. */
    record Text(String value) implements SearchKey {
    }

    /** BEFORE/ON/SINCE, SENTBEFORE/SENTON/SENTSINCE, SAVEDBEFORE/SAVEDON/SAVEDSINCE. */
    record OnDate(DateField field, DateRelation relation, LocalDate date) implements SearchKey {
    }

    enum DateField { INTERNAL, SENT, SAVED }

    enum DateRelation { BEFORE, ON, SINCE }

    /** SAVEDATESUPPORTED (RFC 8514 §4.3). */
    record SaveDateSupported() implements SearchKey {
    }

    /** LARGER ({@code true}) or SMALLER, in octets. */
    record Size(boolean larger, long octets) implements SearchKey {
    }

    /** OLDER ({@code true}) or YOUNGER, in seconds (RFC 5032). */
    record Age(boolean older, long seconds) implements SearchKey {
    }

    /** A sequence set of message sequence numbers, or {@code $}. */
    record Sequence(SequenceSet set) implements SearchKey {
        @Override
        public boolean usesSequenceNumbers() {
            return !set.saved();
        }
    }

    /** UID sequence-set, or UID {@code $}. */
    record Uid(SequenceSet set) implements SearchKey {
    }

    /**
     * MODSEQ {@code [SP entry-name SP entry-type-req] SP mod-sequence-valzer} (RFC 7162 §3.1.5).
     *
     * @param entry the metadata item, e.g. {@code /flags/\draft} and {@code priv}, when given
     */
    record ModSeq(Optional<Entry> entry, long modSeq) implements SearchKey {
        @Override
        public boolean usesModSeq() {
            return true;
        }
    }

    /** {@code entry-flag-name} without its {@code /flags/} prefix, and {@code entry-type-req}. */
    record Entry(String flag, EntryType type) {
    }

    enum EntryType { PRIV, SHARED, ALL }

    /** EMAILID (RFC 8474 §6). */
    record EmailId(String objectId) implements SearchKey {
    }

    /** THREADID (RFC 8474 §6). */
    record ThreadId(String objectId) implements SearchKey {
    }
}
