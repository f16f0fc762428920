package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

import java.util.List;

/**
 * The outcome of a STORE over a set of UIDs.
 *
 * @param updated  the messages whose flags changed, each with its new MODSEQ, in UID order
 * @param modified the messages left alone because they changed after the {@code UNCHANGEDSINCE}
 *                 MODSEQ: the {@code MODIFIED} response code of RFC 7162 §3.1.3
 */
public record StoreResult(List<Updated> updated, List<Uid> modified) {

    public StoreResult {
        updated = List.copyOf(updated);
        modified = List.copyOf(modified);
    }

    public record Updated(Uid uid, Flags flags, ModSeq modSeq) {
    }
}
