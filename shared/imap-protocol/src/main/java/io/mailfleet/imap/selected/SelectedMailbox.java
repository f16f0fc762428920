package io.mailfleet.imap.selected;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

import io.mailfleet.imap.response.FetchItem;
import io.mailfleet.imap.response.FetchResponse;
import io.mailfleet.imap.response.MailboxData;
import io.mailfleet.imap.response.MessageData;
import io.mailfleet.imap.response.NumberSet;
import io.mailfleet.imap.response.Response;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.UidValidity;

/**
 * The selected mailbox as one session sees it: the messages its client knows by number, and the changes
 * made since (by this session or any other, on any instance) that the client has not been told of yet.
 *
 * <p>Changes arrive at any time through {@link #added}, {@link #expunged} and {@link #flagsChanged}, and
 * wait. {@link #updates} turns them into untagged responses at a moment the session chooses, and only into
 * the ones that moment allows: expunges wait through FETCH, STORE and SEARCH, and the message numbers the
 * client holds change only through the EXPUNGE or VANISHED responses it receives. The count the client
 * last saw therefore never drops without them, and EXISTS only ever grows.
 *
 * <p>Not thread-safe; the session drives it.
 */
public final class SelectedMailbox {

    private final String name;
    private final UidValidity uidValidity;
    private final boolean readOnly;
    private final MessageMap messages;
    private final MessageMap recent;
    private OptionalLong highestModSeq;

    private final UidList pendingAdded = new UidList();
    private final UidList pendingRecent = new UidList();
    private final UidList pendingExpunged = new UidList();
    private final Map<Long, FlagChange> pendingFlags = new HashMap<>();
    private long pendingHighestModSeq;
    private long[] savedSearchResult = new long[0];

    private record FlagChange(Flags flags, long modSeq) {
    }

    /**
     * @param uids the mailbox's UIDs at selection, ascending: MSN n is {@code uids[n-1]}
     * @param recentUids those of them that are {@code \Recent} for this session, ascending
     * @param highestModSeq the mailbox's HIGHESTMODSEQ at selection, empty for NOMODSEQ
     */
    public SelectedMailbox(String name, UidValidity uidValidity, boolean readOnly, long[] uids, long[] recentUids,
            OptionalLong highestModSeq) {
        this.name = Objects.requireNonNull(name, "name");
        this.uidValidity = Objects.requireNonNull(uidValidity, "uidValidity");
        this.readOnly = readOnly;
        this.messages = MessageMap.of(uids);
        this.recent = MessageMap.of(recentUids);
        this.highestModSeq = Objects.requireNonNull(highestModSeq, "highestModSeq");
    }

    public String name() {
        return name;
    }

    public UidValidity uidValidity() {
        return uidValidity;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** The messages as the client knows them: what MSNs in its commands mean now. */
    public MessageMap messages() {
        return messages;
    }

    /** The HIGHESTMODSEQ the client has been brought up to, empty for a mailbox without mod-sequences. */
    public OptionalLong highestModSeq() {
        return highestModSeq;
    }

    public boolean isRecent(long uid) {
        return recent.msn(uid) > 0;
    }

    public int recentCount() {
        return recent.size();
    }

    /**
     * Keeps the result of {@code SEARCH ... RETURN (SAVE)} for {@code $} (RFC 5182 §2.1); a failed saving
     * search keeps an empty one. It lives as long as the selection, as the RFC asks.
     */
    public void saveSearchResult(long[] ascendingUids) {
        savedSearchResult = ascendingUids.clone();
    }

    /** What {@code $} names now: the saved UIDs whose messages the client still knows, ascending. */
    public long[] savedSearchResult() {
        return Arrays.stream(savedSearchResult).filter(uid -> messages.msn(uid) > 0).toArray();
    }

    /** A message arrived (APPEND, COPY, MOVE or delivery); {@code recent} when this session is the first to see it. */
    public void added(long uid, boolean recentHere) {
        if (uid > messages.lastUid()) {
            pendingAdded.add(uid);
            if (recentHere) {
                pendingRecent.add(uid);
            }
        }
    }

    /** A message was expunged, at mod-sequence {@code modSeq} (0 when the mailbox has none). */
    public void expunged(long uid, long modSeq) {
        pendingExpunged.add(uid);
        pendingFlags.remove(uid);
        pendingHighestModSeq = Math.max(pendingHighestModSeq, modSeq);
    }

    /** A message's flags are now {@code flags}, set at mod-sequence {@code modSeq} (0 when the mailbox has none). */
    public void flagsChanged(long uid, Flags flags, long modSeq) {
        FlagChange before = pendingFlags.get(uid);
        if (before == null || before.modSeq() <= modSeq) {
            pendingFlags.put(uid, new FlagChange(flags, modSeq));
        }
        pendingHighestModSeq = Math.max(pendingHighestModSeq, modSeq);
    }

    /**
     * The pending changes this moment allows, in the order they must be sent: expunges (so that the
     * numbers of what follows are the new ones), then EXISTS and RECENT for new messages, then flag changes.
     * What is sent is forgotten; what the moment holds back stays pending.
     */
    public List<Response> updates(UpdateMoment moment, Reporting reporting) {
        List<Response> out = new ArrayList<>();
        long[] expunged = pendingExpunged.drainSorted();
        long[] added = withoutAll(above(pendingAdded.drainSorted(), messages.lastUid()), expunged);
        long[] addedRecent = withoutAll(pendingRecent.drainSorted(), expunged);
        long[] gone = withoutAll(expunged, added);
        long[] heldBack = new long[0];
        if (moment.allowsExpunges()) {
            reportExpunges(keepKnown(gone), reporting, out);
        } else {
            heldBack = keepKnown(gone);
            pendingExpunged.addAll(heldBack);
        }
        if (added.length > 0) {
            messages.appendAll(added);
            recent.appendAll(addedRecent);
            out.add(new MailboxData.Exists(messages.size()));
            if (!reporting.imap4rev2()) {
                out.add(new MailboxData.Recent(recent.size()));
            }
        }
        reportFlags(moment, reporting, heldBack, out);
        if (pendingExpunged.isEmpty() && pendingHighestModSeq > 0 && highestModSeq.isPresent()) {
            highestModSeq = OptionalLong.of(Math.max(highestModSeq.getAsLong(), pendingHighestModSeq));
            pendingHighestModSeq = 0;
        }
        return out;
    }

    /** Reports the expunge of these UIDs, all in the map. */
    private void reportExpunges(long[] gone, Reporting reporting, List<Response> out) {
        int[] msns = messages.removeAll(gone);
        recent.removeAll(gone);
        if (msns.length == 0) {
            return;
        }
        if (reporting.qresync()) {
            out.add(new MessageData.Vanished(false, NumberSet.of(gone)));
            return;
        }
        // Ascending, each number already shifted by the expunges reported before it (RFC 3501 §7.4.1).
        for (int i = 0; i < msns.length; i++) {
            out.add(new MessageData.Expunge(msns[i] - i));
        }
    }

    /** Flag changes of messages the client knows, except those whose expunge is held back. */
    private void reportFlags(UpdateMoment moment, Reporting reporting, long[] heldBack, List<Response> out) {
        if (pendingFlags.isEmpty()) {
            return;
        }
        List<Long> uids = new ArrayList<>(pendingFlags.keySet());
        uids.sort(null);
        for (long uid : uids) {
            int msn = messages.msn(uid);
            FlagChange change = pendingFlags.remove(uid);
            if (msn == 0 || Arrays.binarySearch(heldBack, uid) >= 0) {
                continue;
            }
            List<FetchItem> items = new ArrayList<>(3);
            if (moment.fetchCarriesUid() || reporting.condstore()) {
                items.add(FetchItem.Number.uid(uid));
            }
            items.add(new FetchItem.Flags(change.flags(), !reporting.imap4rev2() && isRecent(uid)));
            if (reporting.condstore() && change.modSeq() > 0) {
                items.add(new FetchItem.ModSeq(change.modSeq()));
            }
            out.add(new FetchResponse(msn, items));
        }
    }

    /** The expunged UIDs the client knows; others (never reported, or already gone) need no word. */
    private long[] keepKnown(long[] uids) {
        long[] known = new long[uids.length];
        int count = 0;
        for (long uid : uids) {
            if (messages.msn(uid) > 0) {
                known[count++] = uid;
            }
        }
        return Arrays.copyOf(known, count);
    }

    private static long[] above(long[] sorted, long floor) {
        int first = 0;
        while (first < sorted.length && sorted[first] <= floor) {
            first++;
        }
        return first == 0 ? sorted : Arrays.copyOfRange(sorted, first, sorted.length);
    }

    private static long[] withoutAll(long[] sorted, long[] removeSorted) {
        if (removeSorted.length == 0 || sorted.length == 0) {
            return sorted;
        }
        long[] out = new long[sorted.length];
        int count = 0;
        for (long uid : sorted) {
            if (Arrays.binarySearch(removeSorted, uid) < 0) {
                out[count++] = uid;
            }
        }
        return Arrays.copyOf(out, count);
    }
}
