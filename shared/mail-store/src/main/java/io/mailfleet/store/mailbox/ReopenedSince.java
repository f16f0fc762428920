package io.mailfleet.store.mailbox;

import java.util.Objects;

/**
 * What SELECT with QRESYNC reads of a mailbox in one go: the {@link MailboxSnapshot} it opens with, and the
 * first page of the changes after the MODSEQ the client knows, up to the snapshot's highest MODSEQ (a
 * {@link ChangesSince.Changes} page that may say there are {@code more}, or {@link ChangesSince.ResyncRequired}).
 */
public record ReopenedSince(MailboxSnapshot snapshot, ChangesSince changes) {

    public ReopenedSince {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(changes, "changes");
    }
}
