package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.selected.SelectedMailbox;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.ChangesSince;
import io.mailfleet.store.mailbox.Expunged;
import io.mailfleet.store.mailbox.MailboxSnapshot;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.StoredMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Brings a session's view of its mailbox up to date from the store: what changed since the MODSEQ it
 * was last brought to, read by {@code changesSince} (blocking, on a lane), then handed to the view on
 * the connection's loop. Changes by this session and by any other, on any instance, arrive the same way.
 */
public final class MailboxSync {

    /** What changed: to give to the view with {@link #applyTo}. */
    public record Changes(List<StoredMessage> changed, List<Expunged> expunged, long[] vanishedUids, long upTo) {
    }

    private MailboxSync() {
    }

    /** Blocking: the changes after the session's MODSEQ, every page of them. */
    public static Changes read(MessageRepository messages, Selected selected) {
        long since = selected.syncedModSeq();
        List<StoredMessage> changed = new ArrayList<>();
        List<Expunged> expunged = new ArrayList<>();
        while (true) {
            ChangesSince page = messages.changesSince(selected.mailbox().id(), ModSeq.of(Math.max(1, since)));
            if (page instanceof ChangesSince.ResyncRequired) {
                return resync(messages, selected);
            }
            ChangesSince.Changes changes = (ChangesSince.Changes) page;
            changed.addAll(changes.changed());
            expunged.addAll(changes.expunged());
            since = Math.max(since, changes.upTo().value());
            if (!changes.more()) {
                return new Changes(changed, expunged, new long[0], since);
            }
        }
    }

    /**
     * The logs no longer reach back to the session's MODSEQ: compare the mailbox's UIDs with the view's, and
     * read the rows of the messages still there, whose own MODSEQs tell which flags changed in the gap. Only
     * a session that stayed selected longer than the logs are kept pays for reading every row.
     */
    private static Changes resync(MessageRepository messages, Selected selected) {
        MailboxSnapshot snapshot = messages.open(selected.mailbox().id());
        var view = selected.view().messages();
        List<Long> gone = new ArrayList<>();
        List<Uid> present = new ArrayList<>();
        for (int msn = 1; msn <= view.size(); msn++) {
            Uid uid = Uid.of(view.uid(msn));
            if (snapshot.uids().indexOf(uid) < 0) {
                gone.add(uid.value());
            } else {
                present.add(uid);
            }
        }
        long last = view.lastUid();
        for (int i = 0; i < snapshot.uids().size(); i++) {
            if (snapshot.uids().get(i).value() > last) {
                present.add(snapshot.uids().get(i));
            }
        }
        long since = selected.syncedModSeq();
        List<StoredMessage> changed = present.isEmpty() ? List.of() : messages.findAll(selected.mailbox().id(), present).stream()
                .filter(message -> message.uid().value() > last || message.modSeq().value() > since).toList();
        return new Changes(changed, List.of(), gone.stream().mapToLong(Long::longValue).toArray(),
                snapshot.counters().highestModSeq().value());
    }

    /**
     * On the loop: hands the changes to the view, which reports them when the session allows. Flag
     * changes listed in {@code silent} (UID to the MODSEQ of this session's own STORE .SILENT) are left
     * out, as RFC 9051 §6.4.6 asks.
     */
    public static void applyTo(Selected selected, Changes changes, Map<Long, Long> silent) {
        SelectedMailbox view = selected.view();
        long lastKnown = view.messages().lastUid();
        for (StoredMessage message : changes.changed()) {
            long uid = message.uid().value();
            if (uid > lastKnown) {
                view.added(uid, false);
            } else if (!Long.valueOf(message.modSeq().value()).equals(silent.get(uid))) {
                view.flagsChanged(uid, message.flags(), message.modSeq().value());
            }
        }
        for (Expunged gone : changes.expunged()) {
            view.expunged(gone.uid().value(), gone.modSeq().value());
        }
        for (long uid : changes.vanishedUids()) {
            view.expunged(uid, 0);
        }
        silent.clear();
        selected.syncedTo(changes.upTo());
    }
}
