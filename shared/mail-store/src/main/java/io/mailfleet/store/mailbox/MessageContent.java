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
 * @param preview       the preview text of RFC 8970 ("" for a message without text); null for content
 *                      stored before previews were (migration 011)
 * @param searchText    the folded text SEARCH BODY looks in, as the parser took it; null for a message past the
 *                      parser's bounds for it, whose searches read the body, and in content read back: it is
 *                      stored apart and read only by SEARCH ({@link MessageContentRepository#searchTexts})
 * @param textSignature the trigram signature of {@code searchText} (mail-mime's {@code TextSignature}), which every
 *                      message row of this content keeps ({@link NewMessage#textSignature}); null where
 *                      {@code searchText} is, and in content read back
 */
public record MessageContent(String blobKey, long size, String envelope, String bodyStructure, String headerIndex,
                             String sections, String preview, String searchText, byte[] textSignature) {

    /** Content with its search text but without the text's signature. */
    public MessageContent(String blobKey, long size, String envelope, String bodyStructure, String headerIndex,
                          String sections, String preview, String searchText) {
        this(blobKey, size, envelope, bodyStructure, headerIndex, sections, preview, searchText, null);
    }

    /** Content without its search text, as reads return it. */
    public MessageContent(String blobKey, long size, String envelope, String bodyStructure, String headerIndex,
                          String sections, String preview) {
        this(blobKey, size, envelope, bodyStructure, headerIndex, sections, preview, null, null);
    }

    /** Content without its preview, as reads that do not need it return it. */
    public MessageContent(String blobKey, long size, String envelope, String bodyStructure, String headerIndex,
                          String sections) {
        this(blobKey, size, envelope, bodyStructure, headerIndex, sections, null, null, null);
    }

    public MessageContent {
        Objects.requireNonNull(blobKey, "blobKey");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(bodyStructure, "bodyStructure");
        Objects.requireNonNull(headerIndex, "headerIndex");
        Objects.requireNonNull(sections, "sections");
    }
}
