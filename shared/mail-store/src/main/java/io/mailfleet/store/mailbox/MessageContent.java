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
 *                      message row of this content keeps ({@link NewMessage#textSignature}) and which is stored with
 *                      the content; null where {@code searchText} is. In content read by
 *                      {@link MessageContentRepository#findSigned}: the stored signature, {@link #NO_SEARCH_TEXT} for
 *                      content stored without a search text, and null for content stored before signatures were
 *                      (migration 017), whose search text may be there to sign; null in what other reads return
 */
public record MessageContent(String blobKey, long size, String envelope, String bodyStructure, String headerIndex,
                             String sections, String preview, String searchText, byte[] textSignature) {

    /** The signature content reads back with when it was stored without a search text: no octet at all. */
    public static final byte[] NO_SEARCH_TEXT = new byte[0];

    /**
     * The signature each message row of this content keeps: null for content without a search text, whose
     * searches read the body; also null for content read back that was stored before signatures were, which
     * {@link #signatureKnown} tells apart.
     */
    public byte[] rowSignature() {
        return textSignature == null || textSignature.length == 0 ? null : textSignature;
    }

    /** Whether the content came with its signature, or with the knowledge that it has no search text to sign. */
    public boolean signatureKnown() {
        return textSignature != null;
    }

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
