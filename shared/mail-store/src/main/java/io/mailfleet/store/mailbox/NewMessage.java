package io.mailfleet.store.mailbox;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.mailbox.Flags;

import java.time.Instant;
import java.util.Objects;

/** A message to append: its body is in the blob store already, under {@code blobKey}. */
public record NewMessage(MessageId messageId, String blobKey, long size, Instant internalDate, Flags flags) {

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
