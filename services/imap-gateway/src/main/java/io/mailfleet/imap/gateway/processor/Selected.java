package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.selected.SelectedMailbox;
import io.mailfleet.store.mailbox.Mailbox;

/**
 * The mailbox a session has selected: the store's mailbox, the session's view of it (message numbers
 * and pending updates), and the MODSEQ up to which the store's changes have been read into that view.
 */
public final class Selected {

    private final Mailbox mailbox;
    private final SelectedMailbox view;
    private volatile long syncedModSeq;

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
}
