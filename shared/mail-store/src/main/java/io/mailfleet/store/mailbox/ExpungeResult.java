package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.ModSeq;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of an expunge of the messages marked {@code \Deleted}.
 *
 * @param expunged         what it removed, each with the MODSEQ of the change that removed it, in UID order
 * @param onlyChangesSince the MODSEQ the mailbox was at when the expunge began, when the expunge's own changes
 *                         are all the mailbox had from then up to the last of them (no other writer's change
 *                         came in between); a session synced to it need not read the logs to learn them.
 *                         Empty when that is not known.
 */
public record ExpungeResult(List<Expunged> expunged, Optional<ModSeq> onlyChangesSince) {

    public ExpungeResult {
        expunged = List.copyOf(expunged);
    }
}
