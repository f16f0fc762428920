package io.mailfleet.imap.command;

import java.util.List;
import java.util.Optional;

/**
 * One {@code fetch-att} (RFC 9051 §6.4.5 and §9, RFC 3501 §6.4.5), with MODSEQ (RFC 7162), EMAILID and
 * THREADID (RFC 8474), SAVEDATE (RFC 8514), BINARY (RFC 3516) and PREVIEW (RFC 8970).
 */
public sealed interface FetchAttribute {

    /** The data items without arguments. */
    enum Simple implements FetchAttribute {
        ENVELOPE("ENVELOPE"), FLAGS("FLAGS"), INTERNALDATE("INTERNALDATE"), RFC822("RFC822"),
        RFC822_HEADER("RFC822.HEADER"), RFC822_SIZE("RFC822.SIZE"), RFC822_TEXT("RFC822.TEXT"), BODY("BODY"),
        BODYSTRUCTURE("BODYSTRUCTURE"), UID("UID"), MODSEQ("MODSEQ"), EMAILID("EMAILID"), THREADID("THREADID"),
        SAVEDATE("SAVEDATE");

        private final String wireName;

        Simple(String wireName) {
            this.wireName = wireName;
        }

        /** The name as in a FETCH response, e.g. {@code RFC822.SIZE}. */
        public String wireName() {
            return wireName;
        }
    }

    /** {@code "BODY" ["." "PEEK"] section [partial]}; without PEEK it sets {@code \Seen}. */
    record BodySection(boolean peek, Section section, Optional<Partial> partial) implements FetchAttribute {
    }

    /** {@code "BINARY" ["." "PEEK"] section-binary [partial]}: the part with its transfer encoding undone. */
    record Binary(boolean peek, List<Integer> part, Optional<Partial> partial) implements FetchAttribute {
        public Binary {
            part = List.copyOf(part);
        }
    }

    /** {@code "BINARY.SIZE" section-binary}. */
    record BinarySize(List<Integer> part) implements FetchAttribute {
        public BinarySize {
            part = List.copyOf(part);
        }
    }

    /** {@code "PREVIEW" [SP "(" "LAZY" ")"]}: LAZY lets the server answer NIL rather than compute it now. */
    record Preview(boolean lazy) implements FetchAttribute {
    }

    /**
     * {@code section = "[" [section-spec] "]"}: a part path (empty for the whole message) and what of it.
     *
     * @param fields the header names of HEADER.FIELDS and HEADER.FIELDS.NOT, as sent
     */
    record Section(List<Integer> part, SectionText text, List<String> fields) {
        public Section {
            part = List.copyOf(part);
            fields = List.copyOf(fields);
        }
    }

    /** What of a part a section names; MIME only after a part number. */
    enum SectionText { WHOLE, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

    /** {@code partial = "<" number64 "." nz-number64 ">"}: octets from {@code offset}, at most {@code length}. */
    record Partial(long offset, long length) {
    }
}
