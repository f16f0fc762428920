package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;

import java.util.List;
import java.util.Optional;

/** The mailboxes of each account. Names are unique per account, even with concurrent creators. */
public interface MailboxRepository {

    /**
     * Creates a mailbox, or returns the one that already has this name; {@link Created#created()}
     * says which happened.
     */
    Created create(String account, MailboxPath path, Optional<String> specialUse);

    Optional<Mailbox> find(String account, MailboxPath path);

    Optional<Mailbox> findById(MailboxId id);

    /** The account's mailboxes, ordered by path. */
    List<Mailbox> list(String account);

    void setSubscribed(String account, MailboxPath path, boolean subscribed);

    /** Removes the mailbox, its messages and its expunge log; the blobs stay for the collector. */
    void delete(Mailbox mailbox);

    record Created(Mailbox mailbox, boolean created) {
    }
}
