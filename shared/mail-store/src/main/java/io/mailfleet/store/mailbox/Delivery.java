package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of an idempotent delivery.
 *
 * @param uid       the UID the message got in the mailbox (it may have been expunged since); for a retry of
 *                  another message, the UID of that message's copy
 * @param modSeq    the MODSEQ of the change that stored it (or stored the message it is a retry of)
 * @param firstTime false when a receipt showed the message was delivered already, or when it is a retry of
 *                  another message: nothing was written
 * @param retryOf   the message id of the copy the mailbox holds under the same {@link FirstCopyClaim} within
 *                  its window, when the message is a client's retry of that one; empty otherwise
 */
public record Delivery(Uid uid, ModSeq modSeq, boolean firstTime, Optional<String> retryOf) {

    /** A delivery of the message itself, now or earlier. */
    public Delivery(Uid uid, ModSeq modSeq, boolean firstTime) {
        this(uid, modSeq, firstTime, Optional.empty());
    }

    public Delivery {
        Objects.requireNonNull(retryOf, "retryOf");
        if (firstTime && retryOf.isPresent()) {
            throw new IllegalArgumentException("a retry of another message is not stored");
        }
    }
}
