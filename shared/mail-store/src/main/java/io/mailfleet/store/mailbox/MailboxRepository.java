package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;

import java.util.List;
import java.util.Optional;

/**
 * The mailbox tree of each account, hierarchical with {@code /} as delimiter, with IMAP's semantics
 * (RFC 3501 §6.3.3-6.3.7, RFC 9051): names are unique per account even with concurrent creators and
 * renamers on different instances, and every mailbox that ever had a name in an account has its own
 * UIDVALIDITY.
 */
public interface MailboxRepository {

    /**
     * Creates a mailbox and any missing parents (RFC 3501 §6.3.3), or returns the one that already has
     * this name; {@link Created#created()} says which happened. A {@code \Noselect} name becomes a new,
     * empty mailbox. The new mailbox is subscribed; the parents made on the way are not. A name that
     * IMAP CREATE gives with a trailing {@code /} (a name meant to hold others) is created without it.
     */
    Created create(String account, MailboxPath path, Optional<String> specialUse);

    /** The selectable mailbox with this name; a {@code \Noselect} name has none. */
    Optional<Mailbox> find(String account, MailboxPath path);

    /**
     * {@link #find} without reading the subscription, one request less, for callers that never look
     * at it (POP3, IMAP's commands on one mailbox): the mailbox's {@code subscribed} is false whatever the
     * account's subscriptions say.
     */
    Optional<Mailbox> findIgnoringSubscription(String account, MailboxPath path);

    Optional<Mailbox> findById(MailboxId id);

    /** The account's selectable mailboxes, ordered by path. */
    List<Mailbox> list(String account);

    /**
     * The ids of the account's selectable mailboxes, ordered by path, without the subscriptions {@link #list} reads
     * beside them: what a quota's usage is summed over (APPEND, COPY, GETQUOTA), one request less.
     */
    List<MailboxId> ids(String account);

    /** Every name of the account with what LIST and LSUB say of it, and the subscriptions. */
    MailboxTree tree(String account);

    /**
     * {@link #tree} without reading the subscriptions, one request less, for a LIST that reports none: the tree has
     * no subscription, and its mailboxes' {@code subscribed} is false.
     */
    MailboxTree treeIgnoringSubscriptions(String account);

    /** Subscribes or unsubscribes a name, whether or not a mailbox has it (RFC 3501 §6.3.6, §6.3.7). */
    void setSubscribed(String account, MailboxPath path, boolean subscribed);

    /**
     * IMAP DELETE (RFC 3501 §6.3.4): removes the mailbox and its messages; a mailbox with children
     * becomes a {@code \Noselect} name instead. Subscriptions stay.
     */
    Deletion delete(String account, MailboxPath path);

    /**
     * IMAP RENAME (RFC 3501 §6.3.5): the mailbox and every mailbox below it take the new name, keeping
     * their ids, UIDVALIDITY and messages; missing parents of the new name are created. Renaming INBOX
     * moves its messages to the new name (INBOX's id goes with them) and leaves a new, empty INBOX; the
     * names below INBOX stay. Subscriptions stay with the old names.
     */
    Renaming rename(String account, MailboxPath from, MailboxPath to);

    /**
     * Removes the mailbox whatever its children, with its messages; the blobs stay for the collector.
     * For removing a whole account, not for IMAP.
     */
    void delete(Mailbox mailbox);

    record Created(Mailbox mailbox, boolean created) {
    }

    enum Deletion {
        DELETED,
        /** The mailbox had children: its messages are gone and its name stays as {@code \Noselect}. */
        KEPT_AS_NOSELECT,
        NO_SUCH_MAILBOX,
        /** Refused: a {@code \Noselect} name with children (RFC 3501 §6.3.4). */
        HAS_CHILDREN,
        /** Refused: INBOX cannot be deleted. */
        INBOX
    }

    enum Renaming {
        RENAMED,
        NO_SUCH_MAILBOX,
        /** Refused: the new name, or the new name of one of the children, exists. */
        TARGET_EXISTS,
        /** Refused: a mailbox cannot become its own descendant. */
        INTO_ITSELF
    }
}
