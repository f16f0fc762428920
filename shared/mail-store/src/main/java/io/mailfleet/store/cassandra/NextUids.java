package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.MailboxId;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The next UID of each mailbox as this process last saw it, by a change it made or an open it read: what a change
 * that adds messages guesses the blocks of its new UIDs from, so that it reads them with the mailbox state in one
 * request ({@link DeliveryReads}). Only a guess: a change checks it against the state it reads.
 */
final class NextUids {

    /** Mailboxes remembered: those of the accounts a worker delivers to or a gateway serves at a time, and more. */
    private static final int REMEMBERED_MAILBOXES = 10_000;

    /** The least recently seen forgotten first. */
    private final Map<MailboxId, Long> nextUids = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MailboxId, Long> eldest) {
            return size() > REMEMBERED_MAILBOXES;
        }
    };

    /** Remembers the mailbox's next UID, unless a higher one was seen: UIDs only grow. */
    synchronized void remember(MailboxId mailbox, long nextUid) {
        nextUids.merge(mailbox, nextUid, Math::max);
    }

    /** The next UID last seen in the mailbox, or null when this process has seen none. */
    synchronized Long known(MailboxId mailbox) {
        return nextUids.get(mailbox);
    }
}
