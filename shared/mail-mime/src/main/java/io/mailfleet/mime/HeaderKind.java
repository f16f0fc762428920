package io.mailfleet.mime;

import java.util.Set;

/** Which header block is being read, and so which of its fields must be kept. */
enum HeaderKind {
    /** The message header: envelope and MIME fields, and every field for the SEARCH index. */
    TOP_LEVEL(true, true),
    /** The header of a message inside a message/rfc822 part: envelope and MIME fields. */
    ENCAPSULATED(true, false),
    /** The MIME header of a body part: MIME fields only. */
    BODY_PART(false, false);

    private static final Set<String> MIME_FIELDS = Set.of(
            "content-type", "content-transfer-encoding", "content-id", "content-description",
            "content-md5", "content-disposition", "content-language", "content-location");

    private static final Set<String> ENVELOPE_FIELDS = Set.of(
            "date", "subject", "from", "sender", "reply-to", "to", "cc", "bcc", "in-reply-to", "message-id");

    private final boolean envelope;
    private final boolean indexed;

    HeaderKind(boolean envelope, boolean indexed) {
        this.envelope = envelope;
        this.indexed = indexed;
    }

    /** Whether every field goes to the SEARCH index (within the header limit). */
    boolean indexed() {
        return indexed;
    }

    /** Whether the first occurrence of this (lowercase) field is needed for the structure or envelope. */
    boolean structural(String fieldName) {
        return MIME_FIELDS.contains(fieldName) || (envelope && ENVELOPE_FIELDS.contains(fieldName));
    }
}
