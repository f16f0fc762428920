package io.mailfleet.store.mailbox;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

/**
 * A message copied or moved: its UID in the source and the new one in the target (RFC 4315 COPYUID),
 * with what the copy was written with, which the store has in hand when it writes it: the MODSEQ of
 * that change in the target, and the flags, id and size the copy keeps from the source. A writer's
 * hints for the target's IDLE sessions come from these, without reading the target's rows back.
 *
 * @param modSeq the MODSEQ of the change that wrote the copy (for a move retried after its copy was
 *               written, that earlier change's)
 */
public record Copied(Uid source, Uid target, ModSeq modSeq, Flags flags, MessageId messageId, long size) {
}
