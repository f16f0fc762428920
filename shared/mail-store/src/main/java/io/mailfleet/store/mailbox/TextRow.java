package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Uid;

import java.util.Objects;

/**
 * What a SEARCH whose key tests only the messages' texts, header fields, sizes, UIDs and numbers reads of a message
 * row: its UID, blob key and size, and the signature of its search text ({@link NewMessage#textSignature}), null for
 * a row without one. The flags, MODSEQ, Message-ID and dates are left out: decoding them was most of what reading
 * the rows of a body search cost.
 */
public record TextRow(Uid uid, String blobKey, long size, byte[] textSignature) {

    public TextRow {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(blobKey, "blobKey");
    }

    /** The same facts of a row read whole. */
    public static TextRow of(SearchRow row) {
        StoredMessage message = row.message();
        return new TextRow(message.uid(), message.blobKey(), message.size(), row.textSignature());
    }
}
