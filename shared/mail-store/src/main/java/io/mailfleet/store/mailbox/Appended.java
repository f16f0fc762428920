package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

/**
 * Where an appended message landed.
 *
 * @param modSeq   the MODSEQ of the change that appended it
 * @param previous the mailbox's highest MODSEQ just before that change: a reader that had read every
 *                 change up to {@code previous} knows, with this message, every change up to {@code modSeq}
 */
public record Appended(Uid uid, ModSeq modSeq, ModSeq previous) {
}
