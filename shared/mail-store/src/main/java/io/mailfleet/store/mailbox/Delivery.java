package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

/**
 * The outcome of an idempotent delivery.
 *
 * @param uid       the UID the message got in the mailbox (it may have been expunged since)
 * @param modSeq    the MODSEQ of the change that stored it
 * @param firstTime false when a receipt showed the message was delivered already: nothing was written
 */
public record Delivery(Uid uid, ModSeq modSeq, boolean firstTime) {
}
