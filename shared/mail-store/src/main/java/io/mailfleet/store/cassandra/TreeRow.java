package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.UidValidity;
import io.mailfleet.store.mailbox.Mailbox;

import java.util.Optional;

/**
 * A row of an account's partition of {@code mailboxes}: a mailbox under its name, or a {@code \Noselect}
 * name (no id) kept because mailboxes below it exist.
 */
record TreeRow(MailboxPath path, Optional<MailboxId> id, Optional<UidValidity> uidValidity, Optional<String> specialUse) {

    static TreeRow mailbox(MailboxPath path, MailboxId id, UidValidity uidValidity, Optional<String> specialUse) {
        return new TreeRow(path, Optional.of(id), Optional.of(uidValidity), specialUse);
    }

    static TreeRow noselect(MailboxPath path) {
        return new TreeRow(path, Optional.empty(), Optional.empty(), Optional.empty());
    }

    boolean selectable() {
        return id.isPresent();
    }

    /** The same mailbox under another name. */
    TreeRow at(MailboxPath newPath) {
        return new TreeRow(newPath, id, uidValidity, specialUse);
    }

    Optional<Mailbox> mailbox(String account, boolean subscribed) {
        return id.map(mailboxId -> new Mailbox(mailboxId, account, path, uidValidity.orElseThrow(), specialUse, subscribed));
    }
}
