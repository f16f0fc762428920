package io.mailfleet.store.mailbox;

import java.util.Objects;

/**
 * What a message's bytes say, parsed once at delivery or APPEND so that metadata reads never touch
 * the blob store. The fields hold the parser's output in its stored forms.
 *
 * @param envelope      the IMAP ENVELOPE, as sent on the wire
 * @param bodyStructure the IMAP BODYSTRUCTURE, as sent on the wire
 * @param headerIndex   the decoded header fields SEARCH looks at, as JSON
 * @param sections      the byte ranges of each MIME part's header and body, as JSON
 */
public record MessageContent(String blobKey, long size, String envelope, String bodyStructure, String headerIndex,
                             String sections) {

    public MessageContent {
        Objects.requireNonNull(blobKey, "blobKey");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(bodyStructure, "bodyStructure");
        Objects.requireNonNull(headerIndex, "headerIndex");
        Objects.requireNonNull(sections, "sections");
    }
}
