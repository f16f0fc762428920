package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.selected.SelectedMailbox;
import io.mailfleet.store.mailbox.Mailbox;

import java.util.Optional;

/**
 * The mailbox a session has selected: the store's mailbox, the session's view of it (message numbers
 * and pending updates), and the MODSEQ up to which the store's changes have been read into that view.
 */
public final class Selected {

    private final Mailbox mailbox;
    private final SelectedMailbox view;
    private volatile long syncedModSeq;
    /** A command's own changes, all there is after {@link #ownChangesSince} up to their last MODSEQ; null when none. */
    private MailboxSync.Changes ownChanges;
    private long ownChangesSince;

    public Selected(Mailbox mailbox, SelectedMailbox view, long syncedModSeq) {
        this.mailbox = mailbox;
        this.view = view;
        this.syncedModSeq = syncedModSeq;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    public SelectedMailbox view() {
        return view;
    }

    public long syncedModSeq() {
        return syncedModSeq;
    }

    void syncedTo(long modSeq) {
        syncedModSeq = Math.max(syncedModSeq, modSeq);
    }

    /** On the command's lane: see {@link MailboxSync#changedAlone}. */
    synchronized void ownChanges(long since, MailboxSync.Changes changes) {
        ownChangesSince = since;
        ownChanges = changes;
    }

    /** The own changes left by the last command, once, if they still start where the view is. */
    synchronized Optional<MailboxSync.Changes> takeOwnChanges() {
        MailboxSync.Changes taken = ownChanges;
        ownChanges = null;
        return taken != null && ownChangesSince == syncedModSeq ? Optional.of(taken) : Optional.empty();
    }
}
