package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a STORE over a set of UIDs.
 *
 * @param updated          the messages whose flags changed, each with its new MODSEQ, in UID order
 * @param modified         the messages left alone because they changed after the {@code UNCHANGEDSINCE}
 *                         MODSEQ: the {@code MODIFIED} response code of RFC 7162 §3.1.3
 * @param onlyChangesSince the MODSEQ the mailbox was at when the STORE began, when the STORE's own changes are
 *                         all the mailbox had from then up to the last of them (no other writer's change came
 *                         between its chunks); a session synced to it need not read the logs to learn them.
 *                         Empty when that is not known.
 */
public record StoreResult(List<Updated> updated, List<Uid> modified, Optional<ModSeq> onlyChangesSince) {

    public StoreResult {
        updated = List.copyOf(updated);
        modified = List.copyOf(modified);
    }

    /** An outcome that says nothing of what else changed the mailbox. */
    public StoreResult(List<Updated> updated, List<Uid> modified) {
        this(updated, modified, Optional.empty());
    }

    public record Updated(Uid uid, Flags flags, ModSeq modSeq) {
    }
}
