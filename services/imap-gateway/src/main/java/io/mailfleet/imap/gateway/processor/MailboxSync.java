package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.selected.SelectedMailbox;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.ChangesSince;
import io.mailfleet.store.mailbox.Expunged;
import io.mailfleet.store.mailbox.MailboxSnapshot;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.StoredMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings a session's view of its mailbox up to date from the store: what changed since the MODSEQ it
 * was last brought to, read by {@code changesSince} (blocking, on a lane), then handed to the view on
 * the connection's loop. Changes by this session and by any other, on any instance, arrive the same way,
 * but for one case: a STORE, EXPUNGE or APPEND whose change the store says directly followed the MODSEQ the
 * view is at knows everything there is to read up to its own last MODSEQ, and the read after it takes that
 * instead of three round trips to the store ({@link #changedAlone}).
 */
public final class MailboxSync {

    /** What changed: to give to the view with {@link #applyTo}. */
    public record Changes(List<MessageFlags> changed, List<Expunged> expunged, long[] vanishedUids, long upTo) {
    }

    private MailboxSync() {
    }

    /**
     * On the lane of a command that changed the selected mailbox: when the mailbox was at the view's MODSEQ
     * as the change began and had no other change up to the change's own last ({@code onlyChangesSince}, as
     * the store says), the changes of {@code changed} (messages it flagged, or appended: UIDs above the
     * view's) and {@code expunged} are all the next {@link #read} would find up to there, and it takes them
     * instead. Changes of others after that are read at the next command after their wake-up, as any others are.
     */
    static void changedAlone(Selected selected, Optional<ModSeq> onlyChangesSince, List<MessageFlags> changed,
                             List<Expunged> expunged) {
        if (onlyChangesSince.isEmpty() || onlyChangesSince.get().value() != selected.syncedModSeq()) {
            return;
        }
        long since = onlyChangesSince.get().value();
        long upTo = Math.max(since, Math.max(changed.stream().mapToLong(message -> message.modSeq().value()).max().orElse(since),
                expunged.stream().mapToLong(gone -> gone.modSeq().value()).max().orElse(since)));
        selected.ownChanges(since, new Changes(List.copyOf(changed), List.copyOf(expunged), new long[0], upTo));
    }

    /**
     * Blocking: the changes after the session's MODSEQ, every page of them; those a command of the session
     * left by {@link #changedAlone}, when they start at that MODSEQ, without reading the store.
     */
    public static Changes read(MessageRepository messages, Selected selected) {
        return read(messages, selected, 0);
    }

    /**
     * {@link #read(MessageRepository, Selected)} after wake-ups that were all hints for the selected mailbox,
     * {@code hinted} the highest MODSEQ they named (0 for none): each was published after its change was
     * stored and heard before this read, so the logs hold every change up to it, and they are read up to it
     * without the mailbox's state first (a round trip less between a delivery and its EXISTS). The read must
     * find the hinted change itself; when it does not (the message changed again or went since, or the hint
     * is wrong), or the changes fill more than a page, the mailbox is read as without a hint.
     */
    public static Changes read(MessageRepository messages, Selected selected, long hinted) {
        Optional<Changes> own = selected.takeOwnChanges();
        if (own.isPresent()) {
            return own.get();
        }
        long since = selected.syncedModSeq();
        if (hinted > since) {
            Optional<Changes> upToHint = readUpTo(messages, selected, since, hinted);
            if (upToHint.isPresent()) {
                return upToHint.get();
            }
        }
        List<MessageFlags> changed = new ArrayList<>();
        List<Expunged> expunged = new ArrayList<>();
        while (true) {
            ChangesSince page = messages.changesSince(selected.mailbox().id(), ModSeq.of(Math.max(1, since)));
            if (page instanceof ChangesSince.ResyncRequired) {
                return resync(messages, selected);
            }
            ChangesSince.Changes changes = (ChangesSince.Changes) page;
            changes.changed().forEach(message -> changed.add(flagsOf(message)));
            expunged.addAll(changes.expunged());
            since = Math.max(since, changes.upTo().value());
            if (!changes.more()) {
                return new Changes(changed, expunged, new long[0], since);
            }
        }
    }

    /** One page of the changes after {@code since} up to {@code hinted}, when it holds the hinted change and all there is. */
    private static Optional<Changes> readUpTo(MessageRepository messages, Selected selected, long since, long hinted) {
        ChangesSince page = messages.changesSince(selected.mailbox().id(), ModSeq.of(Math.max(1, since)), ModSeq.of(hinted));
        if (!(page instanceof ChangesSince.Changes changes) || changes.more()) {
            return Optional.empty();
        }
        boolean found = changes.changed().stream().anyMatch(message -> message.modSeq().value() == hinted)
                || changes.expunged().stream().anyMatch(gone -> gone.modSeq().value() == hinted);
        if (!found) {
            return Optional.empty();
        }
        return Optional.of(new Changes(changes.changed().stream().map(MailboxSync::flagsOf).toList(),
                List.copyOf(changes.expunged()), new long[0], changes.upTo().value()));
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
        List<MessageFlags> changed = present.isEmpty() ? List.of() : messages.findAll(selected.mailbox().id(), present).stream()
                .filter(message -> message.uid().value() > last || message.modSeq().value() > since).map(MailboxSync::flagsOf).toList();
        return new Changes(changed, List.of(), gone.stream().mapToLong(Long::longValue).toArray(),
                snapshot.counters().highestModSeq().value());
    }

    private static MessageFlags flagsOf(StoredMessage message) {
        return new MessageFlags(message.uid(), message.modSeq(), message.flags());
    }

    /**
     * On the loop: hands the changes to the view, which reports them when the session allows. Flag
     * changes listed in {@code silent} (UID to the MODSEQ of this session's own STORE .SILENT) are left
     * out, as RFC 9051 §6.4.6 asks.
     */
    public static void applyTo(Selected selected, Changes changes, Map<Long, Long> silent) {
        SelectedMailbox view = selected.view();
        long lastKnown = view.messages().lastUid();
        for (MessageFlags message : changes.changed()) {
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
