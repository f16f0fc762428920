package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Uid;

import java.util.Objects;
import java.util.Optional;

/**
 * What an IMAP4rev1 SELECT needs of a mailbox: its snapshot, and its first message without {@code \Seen} (the
 * UNSEEN response code), none when every message has it. The first unseen message is one of the snapshot's.
 */
public record SnapshotWithUnseen(MailboxSnapshot snapshot, Optional<Uid> firstUnseen) {

    public SnapshotWithUnseen {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(firstUnseen, "firstUnseen");
    }
}
