package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.SelectCommand;
import io.mailfleet.imap.command.SequenceSet;
import io.mailfleet.imap.response.FetchItem;
import io.mailfleet.imap.response.FetchResponse;
import io.mailfleet.imap.response.MessageData;
import io.mailfleet.imap.response.NumberSet;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.selected.MessageMap;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.ChangesSince;
import io.mailfleet.store.mailbox.Expunged;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.StoredMessage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a client that last saw a mailbox at a MODSEQ has missed (RFC 7162 §3.2.5 and §3.2.6): the messages
 * expunged since, as {@code VANISHED (EARLIER)}, and those changed since, as FETCH with UID, FLAGS and MODSEQ.
 *
 * <p>When the logs no longer reach back to the client's MODSEQ, the expunges in between cannot be told one
 * by one; every UID the client may hold that no message has now is reported instead. That is never wrong: a
 * client ignores a vanished UID it never had (§3.2.10). Flag changes never depend on the logs, since every
 * message row carries its own MODSEQ.
 */
final class Resync {

    private static final int PAGE = 500;

    private Resync() {
    }

    /**
     * The QRESYNC parameter of SELECT and EXAMINE, answered against the mailbox as the session opens it.
     *
     * @param firstChanges the first page of the changes after the client's MODSEQ up to {@code highestModSeq}, read
     *                     with the snapshot; the pages after it are read here
     * @param view the UIDs the session opens with, those of a snapshot taken at {@code highestModSeq}
     * @param lastUid the largest UID the mailbox had given out at the snapshot
     */
    static List<Response> onSelect(MessageRepository messages, MailboxId mailbox, SelectCommand.Qresync known,
                                   ChangesSince firstChanges, MessageMap view, long highestModSeq, long lastUid) {
        long since = known.modSeq();
        if (since >= highestModSeq) {
            return List.of();
        }
        SequenceSet knownUids = known.knownUids().orElse(null);
        Optional<Log> log = Log.from(firstChanges, messages, mailbox, highestModSeq);
        List<Response> out = new ArrayList<>();
        List<StoredMessage> changed;
        if (log.isPresent()) {
            // A UID still in the view was expunged after the snapshot: the session's resync reports it as VANISHED.
            long[] gone = log.get().expunged().stream().mapToLong(expunged -> expunged.uid().value())
                    .filter(uid -> uid <= lastUid && view.msn(uid) == 0 && in(knownUids, uid, lastUid))
                    .sorted().distinct().toArray();
            if (gone.length > 0) {
                out.add(new MessageData.Vanished(true, NumberSet.of(gone)));
            }
            changed = log.get().changed();
        } else {
            long[] gone = missing(knownUids, lastUid, view);
            if (gone.length > 0) {
                out.add(new MessageData.Vanished(true, NumberSet.ofRanges(gone)));
            }
            changed = rows(messages, mailbox, view, knownUids, lastUid);
        }
        // Changes after the snapshot reach the session later, by its resync from highestModSeq on.
        changed.stream()
                .filter(message -> message.modSeq().value() > since && message.modSeq().value() <= highestModSeq)
                .filter(message -> view.msn(message.uid().value()) > 0 && in(knownUids, message.uid().value(), lastUid))
                .sorted(Comparator.comparing(StoredMessage::uid))
                .forEach(message -> out.add(new FetchResponse(view.msn(message.uid().value()), List.of(
                        FetchItem.Number.uid(message.uid().value()), new FetchItem.Flags(message.flags(), false),
                        new FetchItem.ModSeq(message.modSeq().value())))));
        return out;
    }

    /**
     * {@code UID FETCH ... (CHANGEDSINCE n VANISHED)}: the UIDs of the set expunged since {@code since},
     * up to the last UID the session knows.
     */
    static List<Response> onFetch(MessageRepository messages, Selected selected, SequenceSet set, long since) {
        MessageMap view = selected.view().messages();
        long lastUid = view.lastUid();
        Optional<Log> log = Log.read(messages, selected.mailbox().id(), since, 0);
        if (log.isEmpty()) {
            long[] gone = missing(set, lastUid, view);
            return gone.length == 0 ? List.of() : List.of(new MessageData.Vanished(true, NumberSet.ofRanges(gone)));
        }
        long[] gone = log.get().expunged().stream().mapToLong(expunged -> expunged.uid().value())
                .filter(uid -> uid <= lastUid && set.contains(uid, lastUid)).sorted().distinct().toArray();
        return gone.length == 0 ? List.of() : List.of(new MessageData.Vanished(true, NumberSet.of(gone)));
    }

    /**
     * The UIDs of {@code set} (all from 1 when null) up to {@code lastUid} that are not in {@code live}, as
     * ascending ranges in pairs of first and last.
     */
    static long[] missing(SequenceSet set, long lastUid, MessageMap live) {
        long[] wanted = normalised(set, lastUid);
        long[] out = new long[8];
        int count = 0;
        for (int i = 0; i < wanted.length; i += 2) {
            long next = wanted[i];
            long last = wanted[i + 1];
            for (int msn = live.firstMsnAtLeast(next); msn <= live.size() && live.uid(msn) <= last; msn++) {
                long uid = live.uid(msn);
                if (uid > next) {
                    out = grown(out, count);
                    out[count++] = next;
                    out[count++] = uid - 1;
                }
                next = uid + 1;
            }
            if (next <= last) {
                out = grown(out, count);
                out[count++] = next;
                out[count++] = last;
            }
        }
        return Arrays.copyOf(out, count);
    }

    /** The set's ranges cut to 1..{@code lastUid}, sorted and merged, in pairs of first and last. */
    private static long[] normalised(SequenceSet set, long lastUid) {
        if (lastUid < 1) {
            return new long[0];
        }
        if (set == null) {
            return new long[] {1, lastUid};
        }
        long[][] ranges = set.ranges().stream()
                .map(range -> new long[] {range.low(lastUid), Math.min(range.high(lastUid), lastUid)})
                .filter(range -> range[0] <= range[1])
                .sorted(Comparator.comparingLong(range -> range[0]))
                .toArray(long[][]::new);
        long[] out = new long[ranges.length * 2];
        int count = 0;
        for (long[] range : ranges) {
            if (count > 0 && range[0] <= out[count - 1] + 1) {
                out[count - 1] = Math.max(out[count - 1], range[1]);
            } else {
                out[count++] = range[0];
                out[count++] = range[1];
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static long[] grown(long[] bounds, int count) {
        return count + 2 <= bounds.length ? bounds : Arrays.copyOf(bounds, bounds.length * 2);
    }

    private static boolean in(SequenceSet knownUids, long uid, long lastUid) {
        return knownUids == null || knownUids.contains(uid, lastUid);
    }

    /** The rows of the messages in the view that the client knows, read in pages. */
    private static List<StoredMessage> rows(MessageRepository messages, MailboxId mailbox, MessageMap view,
                                            SequenceSet knownUids, long lastUid) {
        List<StoredMessage> rows = new ArrayList<>();
        List<Uid> page = new ArrayList<>(PAGE);
        for (int msn = 1; msn <= view.size(); msn++) {
            long uid = view.uid(msn);
            if (in(knownUids, uid, lastUid)) {
                page.add(Uid.of(uid));
            }
            if (page.size() == PAGE || msn == view.size() && !page.isEmpty()) {
                rows.addAll(messages.findAll(mailbox, page));
                page = new ArrayList<>(PAGE);
            }
        }
        return rows;
    }

    /** Every change the logs hold after a MODSEQ, read page by page. */
    private record Log(List<StoredMessage> changed, List<Expunged> expunged) {

        /**
         * Empty when the logs no longer reach back to {@code since}. With {@code highest} above 0, the highest MODSEQ
         * of the counters the caller read, the changes up to it: the counters are not read again.
         */
        static Optional<Log> read(MessageRepository messages, MailboxId mailbox, long since, long highest) {
            return from(page(messages, mailbox, since, highest), messages, mailbox, highest);
        }

        /** {@link #read}, its first page read already: the pages after it are read here. */
        static Optional<Log> from(ChangesSince first, MessageRepository messages, MailboxId mailbox, long highest) {
            List<StoredMessage> changed = new ArrayList<>();
            List<Expunged> expunged = new ArrayList<>();
            ChangesSince page = first;
            while (true) {
                if (!(page instanceof ChangesSince.Changes changes)) {
                    return Optional.empty();
                }
                changed.addAll(changes.changed());
                expunged.addAll(changes.expunged());
                if (!changes.more()) {
                    return Optional.of(new Log(changed, expunged));
                }
                page = page(messages, mailbox, changes.upTo().value(), highest);
            }
        }

        private static ChangesSince page(MessageRepository messages, MailboxId mailbox, long from, long highest) {
            return highest > 0 ? messages.changesSince(mailbox, ModSeq.of(from), ModSeq.of(highest))
                    : messages.changesSince(mailbox, ModSeq.of(from));
        }
    }
}
