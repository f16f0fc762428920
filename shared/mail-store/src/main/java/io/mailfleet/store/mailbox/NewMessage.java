package io.mailfleet.store.mailbox;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.mailbox.Flags;

import java.time.Instant;
import java.util.Objects;

/**
 * A message to append: its body is in the blob store already, under {@code blobKey}.
 *
 * @param sortFields    its sort keys, kept in its row; null when unknown, as for a copy of a row written before
 *                      the store kept them: SORT then works them out from the parsed content
 * @param textSignature the trigram signature of the message's search text, kept in the message row for SEARCH
 *                      BODY and TEXT ({@link MessageContent#textSignature}); null for a message without one, whose
 *                      searches read its text
 */
public record NewMessage(MessageId messageId, String blobKey, long size, Instant internalDate, Flags flags,
                         SortFields sortFields, byte[] textSignature) {

    /** A message whose row keeps neither sort keys nor a text signature. */
    public NewMessage(MessageId messageId, String blobKey, long size, Instant internalDate, Flags flags) {
        this(messageId, blobKey, size, internalDate, flags, null, null);
    }

    public NewMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(blobKey, "blobKey");
        Objects.requireNonNull(internalDate, "internalDate");
        Objects.requireNonNull(flags, "flags");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
    }
}
