package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.MailboxId;

/**
 * A delivery was asked to write into a mailbox that no longer exists: its account or the mailbox was
 * deleted after the caller looked it up. Nothing was written; the caller looks the destination up
 * again, and a deleted account's mail bounces rather than landing in a mailbox nobody can reach.
 */
public final class NoSuchMailboxException extends RuntimeException {

    private final MailboxId mailbox;

    public NoSuchMailboxException(MailboxId mailbox) {
        super("mailbox " + mailbox + " does not exist (any more)");
        this.mailbox = mailbox;
    }

    public MailboxId mailbox() {
        return mailbox;
    }
}
