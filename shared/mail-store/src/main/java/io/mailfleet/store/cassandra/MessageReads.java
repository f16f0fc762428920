package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.MessageId;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.ChangesSince;
import io.mailfleet.store.mailbox.Expunged;
import io.mailfleet.store.mailbox.MailboxCounters;
import io.mailfleet.store.mailbox.MailboxSnapshot;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.ReopenedSince;
import io.mailfleet.store.mailbox.SearchFacts;
import io.mailfleet.store.mailbox.SearchRow;
import io.mailfleet.store.mailbox.SnapshotWithUnseen;
import io.mailfleet.store.mailbox.SortFacts;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.store.mailbox.TextRow;
import io.mailfleet.store.mailbox.UidList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static io.mailfleet.store.cassandra.ConditionalChanges.chunks;
import static io.mailfleet.store.cassandra.ConditionalChanges.sortedDistinct;

/** The reads of messages and of the logs of a mailbox, none of them loading a large mailbox whole. */
final class MessageReads {

    /** UIDs read per lookup by key. */
    private static final int KEY_LOOKUP = 500;
    /** Log entries read for one page of changes; larger than any group of entries sharing a MODSEQ. */
    private static final int CHANGES_PAGE = 1000;
    private static final int UID_PAGE = 10_000;
    /** Pages of a FETCH from this size on are read through the UID map. */
    private static final int MAPPED_PAGE = 1000;
    private static final int READS_AT_ONCE = 4;
    private static final int CONTENT_BATCH = 100;
    /** Rows of one of SORT's reads per round trip. */
    private static final int SORT_PAGE = 5000;
    /** The fewest UIDs of one of SORT's reads: a smaller range is read whole. */
    private static final int SORT_SPAN = 2500;
    /** Rows of one of SEARCH's reads per round trip. */
    private static final int SEARCH_PAGE = 500;

    private final CqlSession session;
    private final MessageStatements statements;
    private final MailboxState.Statements state;
    private final UidBlocks uidBlocks;
    private final UidMapBackfill backfill;
    private final FlagBlocks flagBlocks;
    private final FlagBlocksBackfill flagBackfill;
    private final NextUids nextUids;
    /** The intents of moves out of a mailbox, which an open reads when its marks say there may be one. */
    private final MessageMoves moves;
    private final FirstBlocks firstBlocks;

    /**
     * @param nextUids where an open leaves the next UID it read, for the appends that may follow it
     * @param moves    where the intents of unfinished moves are
     */
    MessageReads(MessageStatements statements, MailboxState.Statements state, UidBlocks uidBlocks, FlagBlocks flagBlocks,
                 NextUids nextUids, MessageMoves moves) {
        this.session = statements.session;
        this.nextUids = nextUids;
        this.moves = moves;
        this.firstBlocks = new FirstBlocks(statements.session);
        this.statements = statements;
        this.state = state;
        this.uidBlocks = uidBlocks;
        this.backfill = new UidMapBackfill(statements, state, uidBlocks);
        this.flagBlocks = flagBlocks;
        this.flagBackfill = new FlagBlocksBackfill(statements, state, flagBlocks);
    }

    List<StoredMessage> list(MailboxId mailbox) {
        return Cql.call("list messages", () -> {
            List<StoredMessage> messages = new ArrayList<>();
            for (Row row : session.execute(statements.selectMessages.bind(mailbox.value()))) {
                messages.add(MessageStatements.message(row));
            }
            return messages;
        });
    }

    Optional<StoredMessage> find(MailboxId mailbox, Uid uid) {
        Row row = Cql.call("read message", () -> session.execute(statements.selectMessage.bind(mailbox.value(), uid.value())).one());
        return Optional.ofNullable(row).map(MessageStatements::message);
    }

    /**
     * What an open read, and the intents of moves out of the mailbox when they had to be read: null when the marks
     * that came with the state say there is none, which is almost always ({@link MoveMarks}).
     *
     * @param moves the marks read with the state, {@link MoveMarks#UNKNOWN} when the state was read without them
     */
    record WithMoves<T>(T opened, MoveMarks moves, CompletableFuture<List<MessageMoves.Intent>> intents) {
    }

    /**
     * The state and the UID list: from the UID map, a row per {@value UidBlocks#BLOCK_UIDS} UIDs, when
     * the mailbox keeps one; else from the message rows, in pages, and the map is made from them
     * ({@link UidMapBackfill}) for the next opens. A mailbox without its flag blocks gets them here
     * ({@link FlagBlocksBackfill}).
     */
    WithMoves<MailboxSnapshot> open(MailboxId mailbox) {
        UidBlocks.Opened opened = mapped(mailbox);
        if (opened != null) {
            return withMoves(mailbox, new MailboxSnapshot(opened.state().counters(), opened.uids()), opened.moves());
        }
        // Read without the marks: the intents are read beside the state.
        CompletableFuture<List<MessageMoves.Intent>> intents = moves.pendingAsync(mailbox);
        MailboxState current = openedState(mailbox);
        MailboxSnapshot snapshot;
        if (withoutMessages(current)) {
            snapshot = new MailboxSnapshot(current.counters(), new UidList.Builder().build());
        } else {
            snapshot = current.uidBlocks() ? new MailboxSnapshot(current.counters(), Cql.await("read UID map",
                    uidBlocks.readAsync(mailbox, current.nextUid()))) : openFromRows(mailbox, current);
        }
        return new WithMoves<>(snapshot, MoveMarks.UNKNOWN, intents);
    }

    /**
     * {@link #open} with the first unseen message: for a mailbox that keeps its UID map and flag blocks, one read of
     * the state with the first blocks of both ({@link FirstBlocks}), then the rest of the map and the later flag blocks'
     * unseen counts only for a mailbox past them; for any other, the open and then the first unseen message.
     */
    WithMoves<SnapshotWithUnseen> openWithFirstUnseen(MailboxId mailbox) {
        FirstBlocks.Read read = firstBlocks.read(mailbox);
        if (read == null) {
            WithMoves<MailboxSnapshot> opened = open(mailbox);
            MailboxCounters counters = opened.opened().counters();
            Optional<Uid> first = counters.unseen() == 0 ? Optional.empty()
                    : firstUnseen(mailbox).filter(uid -> uid.compareTo(counters.nextUid()) < 0);
            return new WithMoves<>(new SnapshotWithUnseen(opened.opened(), first), opened.moves(), opened.intents());
        }
        MailboxState state = read.state();
        nextUids.remember(mailbox, state.nextUid());
        CompletableFuture<Void> restOfMap = read.wholeMap() ? CompletableFuture.completedFuture(null)
                : uidBlocks.addFrom(mailbox, FirstBlocks.BLOCKS, state.nextUid(), read.uids());
        // Past the flag blocks read, a message appended since the state may be the first unseen: it is left out.
        Optional<Uid> first = read.firstUnseen().isPresent() || read.allFlagBlocks() || state.unseen() == 0 ? read.firstUnseen()
                : flagBlocks.firstUnseenAfter(mailbox, FirstBlocks.BLOCKS - 1).filter(uid -> uid.value() < state.nextUid());
        Cql.await("read UID map", restOfMap);
        return withMoves(mailbox, new SnapshotWithUnseen(new MailboxSnapshot(state.counters(), read.uids().build()), first),
                read.moves());
    }

    /** {@code opened}, with the intents of moves out of the mailbox read after it when its marks say there may be one. */
    private <T> WithMoves<T> withMoves(MailboxId mailbox, T opened, MoveMarks marks) {
        return new WithMoves<>(opened, marks, marks.intentsMayBeThere() ? moves.pendingAsync(mailbox) : null);
    }

    /**
     * Whether {@code current}, a state a map read found no block before, is of a mailbox with a map and no message:
     * its UIDs are none, exactly, whatever came and went between the two reads, so the map is not read again. An
     * empty mailbox (a Trash, a Sent never used) opens in two reads, as before the state came with the map.
     */
    private static boolean withoutMessages(MailboxState current) {
        return current.uidBlocks() && current.messages() == 0;
    }

    /**
     * A mailbox that keeps its UID map and flag blocks, as every mailbox made since they exist does, is opened by
     * one read of the map, which brings the state with it ({@link UidBlocks#readWithStateAsync}); null for any
     * other, and for one without a message, whose map has no row to bring the state: those read the state first.
     * The next UID read is remembered, so that an APPEND to the mailbox opened (a draft, a message saved to the
     * selected mailbox) reads the state and the blocks it writes in one request.
     */
    private UidBlocks.Opened mapped(MailboxId mailbox) {
        UidBlocks.Opened opened = Cql.await("read UID map", uidBlocks.readWithStateAsync(mailbox));
        if (opened != null) {
            nextUids.remember(mailbox, opened.state().nextUid());
        }
        return opened != null && opened.state().flagBlocks() ? opened : null;
    }

    /**
     * {@link #open} and the first page of the changes after {@code since} up to the highest MODSEQ it opens with: the
     * logs need no more of the open than its state, and are read while the UID map is when the state is read first.
     */
    WithMoves<ReopenedSince> openSince(MailboxId mailbox, ModSeq since) {
        UidBlocks.Opened opened = mapped(mailbox);
        if (opened != null) {
            return withMoves(mailbox, new ReopenedSince(new MailboxSnapshot(opened.state().counters(), opened.uids()),
                    changesSince(mailbox, since, opened.state().highestModSeq())), opened.moves());
        }
        CompletableFuture<List<MessageMoves.Intent>> intents = moves.pendingAsync(mailbox);
        MailboxState current = openedState(mailbox);
        ReopenedSince reopened;
        if (withoutMessages(current)) {
            reopened = new ReopenedSince(new MailboxSnapshot(current.counters(), new UidList.Builder().build()),
                    changesSince(mailbox, since, current.highestModSeq()));
        } else if (!current.uidBlocks()) {
            MailboxSnapshot snapshot = openFromRows(mailbox, current);
            reopened = new ReopenedSince(snapshot, changesSince(mailbox, since, current.highestModSeq()));
        } else {
            CompletableFuture<UidList> uids = uidBlocks.readAsync(mailbox, current.nextUid());
            ChangesSince changes = changesSince(mailbox, since, current.highestModSeq());
            reopened = new ReopenedSince(new MailboxSnapshot(current.counters(), Cql.await("read UID map", uids)), changes);
        }
        return new WithMoves<>(reopened, MoveMarks.UNKNOWN, intents);
    }

    /** The state an open reads the UIDs after, the flag blocks made first when the mailbox lacks them. */
    private MailboxState openedState(MailboxId mailbox) {
        MailboxState read = state.read(mailbox);
        nextUids.remember(mailbox, read.nextUid());
        if (!read.flagBlocks()) {
            flagBackfill.backfill(mailbox);
        }
        // The backfill changes the state's guard: what follows is guarded by the state after it.
        return read.flagBlocks() ? read : state.read(mailbox);
    }

    /** The UIDs of a mailbox without its UID map, from its rows, and the map made from them. */
    private MailboxSnapshot openFromRows(MailboxId mailbox, MailboxState current) {
        UidList.Builder uids = new UidList.Builder();
        Cql.run("read UIDs", () -> {
            for (Row row : session.execute(statements.selectUids.bind(mailbox.value()).setPageSize(UID_PAGE))) {
                long uid = row.getLong("seq");
                if (uid >= current.nextUid()) {
                    break;
                }
                uids.add(Uid.of(uid));
            }
        });
        UidList list = uids.build();
        backfill.backfill(mailbox, current, list);
        return new MailboxSnapshot(current.counters(), list);
    }

    /**
     * Those of {@code uids} that exist with their MODSEQ and flags, in UID order: from the flag blocks,
     * a row per {@value FlagBlock#BLOCK_UIDS} UIDs, when the mailbox keeps them, else from the message rows.
     */
    List<MessageFlags> flags(MailboxId mailbox, Collection<Uid> uids) {
        List<Long> wanted = sortedDistinct(uids);
        if (wanted.isEmpty()) {
            return List.of();
        }
        // Whether the mailbox keeps its blocks comes with them. A read that found none cannot say: then the
        // state is read, and the blocks again after it, as a backfill may have written them in between.
        FlagBlocks.Read read = Cql.await("read flag blocks", flagBlocks.readKeptAsync(mailbox, wanted));
        boolean kept = read.kept() != null ? read.kept() : state.read(mailbox).flagBlocks();
        if (!kept) {
            return read(mailbox, wanted).stream().map(m -> new MessageFlags(m.uid(), m.modSeq(), m.flags())).toList();
        }
        Map<Long, FlagBlock> blocks = read.kept() != null ? read.blocks() : flagBlocks.read(mailbox, wanted);
        List<MessageFlags> found = new ArrayList<>(wanted.size());
        for (long uid : wanted) {
            FlagBlock block = blocks.get(FlagBlock.blockOf(uid));
            MessageFlags entry = block == null ? null : block.get(uid);
            if (entry != null) {
                found.add(entry);
            }
        }
        return found;
    }

    /** The first message without {@code \\Seen}: from the flag blocks when the mailbox keeps them, else from its message rows. */
    Optional<Uid> firstUnseen(MailboxId mailbox) {
        FlagBlocks.Unseen unseen = flagBlocks.firstUnseen(mailbox);
        if (unseen.kept() != null && unseen.kept()) {
            return unseen.first();
        }
        // No block was found, or the mailbox does not keep them: the state says which, and the blocks are read
        // again after it when it keeps them, as a backfill may have written them in between.
        if (unseen.kept() == null && state.read(mailbox).flagBlocks()) {
            return flagBlocks.firstUnseen(mailbox).first();
        }
        return Cql.call("read flags", () -> {
            for (Row row : session.execute(statements.selectMessages.bind(mailbox.value()).setPageSize(1000))) {
                if (!row.get("flags", MessageStatements.TEXT_SET).contains(Flag.SEEN.name())) {
                    return Optional.of(Uid.of(row.getLong("seq")));
                }
            }
            return Optional.<Uid>empty();
        });
    }

    List<StoredMessage> range(MailboxId mailbox, long first, long last, int limit) {
        return Cql.call("read messages", () -> session.execute(statements.selectRange.bind(mailbox.value(), first, last, limit))
                .all().stream().map(MessageStatements::message).toList());
    }

    /**
     * A page of a FETCH: {@link #range}, read through the UID map when the page is large and the
     * mailbox keeps one. The map names the page's live messages, which are read by their UIDs,
     * {@value #READS_AT_ONCE} chunks at once: a slice where they are dense, a lookup by key where
     * expunged messages lie between them, so the rows of expunged messages are not read, compacted
     * away or not.
     */
    List<StoredMessage> page(MailboxId mailbox, long first, long last, int limit) {
        MailboxState current = limit < MAPPED_PAGE ? null : state.read(mailbox);
        if (current == null || !current.uidBlocks()) {
            return range(mailbox, first, last, limit);
        }
        long[] live = uidBlocks.uidsIn(mailbox, first, Math.min(last, current.nextUid() - 1), limit);
        List<StoredMessage> page = new ArrayList<>(read(mailbox, Arrays.stream(live).boxed().toList()));
        if (page.size() < limit && live.length == limit) {
            // Messages expunged since the map was read: the page is topped up from past its end.
            page.addAll(range(mailbox, live[live.length - 1] + 1, last, limit - page.size()));
        }
        return page;
    }

    List<StoredMessage> findAll(MailboxId mailbox, Collection<Uid> uids) {
        return read(mailbox, sortedDistinct(uids));
    }

    /** Those of ascending {@code uids} that exist, read in chunks of {@value #KEY_LOOKUP}, {@value #READS_AT_ONCE} at once. */
    private List<StoredMessage> read(MailboxId mailbox, List<Long> uids) {
        List<StoredMessage> found = new ArrayList<>(uids.size());
        for (List<List<Long>> group : chunks(chunks(uids, KEY_LOOKUP), READS_AT_ONCE)) {
            List<CompletableFuture<List<StoredMessage>>> reads = group.stream().map(chunk -> chunkAsync(mailbox, chunk)).toList();
            for (CompletableFuture<List<StoredMessage>> read : reads) {
                found.addAll(Cql.await("read messages", read));
            }
        }
        return found;
    }

    /** The existing messages among ascending {@code uids}: a slice when they are dense, else a lookup by key. */
    List<StoredMessage> chunk(MailboxId mailbox, List<Long> uids) {
        return Cql.await("read messages", chunkAsync(mailbox, uids));
    }

    /** {@link #chunk} with each message's sort keys and text signature, for a copy to keep them. */
    List<StoredMessage> chunkToCopy(MailboxId mailbox, List<Long> uids) {
        return Cql.await("read messages", chunkAsync(mailbox, uids, statements.selectCopiedRange, statements.selectCopiedIn));
    }

    /** {@link #chunk} read without waiting for it, so that a writer reads its next chunk while it writes one. */
    CompletableFuture<List<StoredMessage>> chunkAsync(MailboxId mailbox, List<Long> uids) {
        return chunkAsync(mailbox, uids, statements.selectRange, statements.selectMessagesIn);
    }

    private CompletableFuture<List<StoredMessage>> chunkAsync(MailboxId mailbox, List<Long> uids, PreparedStatement range,
                                                              PreparedStatement in) {
        long first = uids.get(0);
        long last = uids.get(uids.size() - 1);
        boolean dense = last - first < 2L * uids.size();
        Set<Long> wanted = new HashSet<>(uids);
        int limit = (int) (last - first + 1);
        return session.executeAsync(dense
                        ? range.bind(mailbox.value(), first, last, limit).setPageSize(limit)
                        : in.bind(mailbox.value(), uids).setPageSize(uids.size()))
                .thenApply(rows -> {
                    List<StoredMessage> messages = new ArrayList<>(uids.size());
                    for (Row row : rows.currentPage()) {
                        StoredMessage message = MessageStatements.message(row);
                        if (wanted.contains(message.uid().value())) {
                            messages.add(message);
                        }
                    }
                    messages.sort(Comparator.comparing(StoredMessage::uid));
                    return messages;
                }).toCompletableFuture();
    }

    /** {@link #range} read without waiting for it, all in one page. */
    CompletableFuture<List<StoredMessage>> rangeAsync(MailboxId mailbox, long first, long last, int limit) {
        return session.executeAsync(statements.selectRange.bind(mailbox.value(), first, last, limit).setPageSize(limit))
                .thenApply(rows -> {
                    List<StoredMessage> messages = new ArrayList<>();
                    rows.currentPage().forEach(row -> messages.add(MessageStatements.message(row)));
                    return messages;
                }).toCompletableFuture();
    }

    /** The UID of the live message just below {@code uid}, or 0. */
    CompletableFuture<Long> liveBelow(MailboxId mailbox, long uid) {
        return session.executeAsync(statements.selectUidBelow.bind(mailbox.value(), uid))
                .thenApply(rows -> {
                    Row row = rows.one();
                    return row == null ? 0L : row.getLong("seq");
                }).toCompletableFuture();
    }

    /**
     * The UID of the live message just above {@code uid}, or {@code nextUid}. Every message has a UID below
     * {@code nextUid}, so above the last UID given out there is none to read: the expunge of the newest message, as
     * a client's APPEND then EXPUNGE of a draft, asks Cassandra one read less.
     */
    CompletableFuture<Long> liveAbove(MailboxId mailbox, long uid, long nextUid) {
        if (uid >= nextUid - 1) {
            return CompletableFuture.completedFuture(nextUid);
        }
        return session.executeAsync(statements.selectUidAbove.bind(mailbox.value(), uid))
                .thenApply(rows -> {
                    Row row = rows.one();
                    return row == null ? nextUid : row.getLong("seq");
                }).toCompletableFuture();
    }

    /** Whether the message {@code uid} is {@code messageId}, read serially: decides a change of unknown outcome. */
    boolean hasMessage(MailboxId mailbox, long uid, MessageId messageId) {
        Row row = serialRead(mailbox, uid);
        return row != null && messageId.toString().equals(row.getString("message_id"));
    }

    /** The MODSEQ of message {@code uid} read serially, or -1 when it is gone. */
    long modSeqNow(MailboxId mailbox, Uid uid) {
        Row row = serialRead(mailbox, uid.value());
        return row == null ? -1 : row.getLong("modseq");
    }

    private Row serialRead(MailboxId mailbox, long uid) {
        return Cql.call("read message", () -> session.execute(statements.selectMessage.bind(mailbox.value(), uid)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)).one());
    }

    List<Expunged> expungedSince(MailboxId mailbox, ModSeq since) {
        return Cql.call("read expunge log", () -> {
            List<Expunged> expunged = new ArrayList<>();
            for (Row row : session.execute(statements.selectExpunged.bind(mailbox.value(), since.value()))) {
                expunged.add(new Expunged(Uid.of(row.getLong("expunged_uid")), ModSeq.of(row.getLong("seq"))));
            }
            return expunged;
        });
    }

    /**
     * Three round trips, each waiting only for what it needs: the state; then both logs at once,
     * read after it so that they hold every change it counts; then, after the logs, the check that
     * they still reach back to {@code since} together with the changed messages' rows.
     */
    ChangesSince changesSince(MailboxId mailbox, ModSeq since) {
        return changesSince(mailbox, since, state.read(mailbox).highestModSeq());
    }

    /**
     * {@link #changesSince(MailboxId, ModSeq)} up to {@code highest}, the highest MODSEQ of a state of the mailbox
     * the caller read before: the logs, read after that state, hold every change it counts, and one round trip is
     * saved.
     */
    ChangesSince changesSince(MailboxId mailbox, ModSeq since, long highest) {
        if (highest <= since.value()) {
            return new ChangesSince.Changes(since, since, List.of(), List.of(), false);
        }
        CompletableFuture<List<long[]>> changesRead = logPage(statements.selectChangesPage, mailbox, since);
        CompletableFuture<List<long[]>> expungesRead = logPage(statements.selectExpungedPage, mailbox, since);
        List<long[]> changes = Cql.await("read change log", changesRead);
        List<long[]> expunges = Cql.await("read expunge log", expungesRead);
        long upTo = highest;
        // A full page ends the span before its last MODSEQ, whose entries may go on past the page.
        for (List<long[]> page : List.of(changes, expunges)) {
            if (page.size() > CHANGES_PAGE) {
                upTo = Math.min(upTo, page.get(CHANGES_PAGE)[0] - 1);
            }
        }
        CompletableFuture<Boolean> logged = logged(mailbox, since.value() + 1);
        long end = upTo;
        Map<Long, Long> loggedModSeqs = new LinkedHashMap<>();
        changes.stream().filter(entry -> entry[0] <= end).forEach(entry -> loggedModSeqs.put(entry[1], entry[0]));
        List<StoredMessage> rows = findAll(mailbox, loggedModSeqs.keySet().stream().map(Uid::of).toList());
        if (!Cql.await("read change log", logged)) {
            return new ChangesSince.ResyncRequired(since);
        }
        // A message changed again later is reported with its later change, in a later span if need be.
        List<StoredMessage> changed = rows.stream()
                .filter(m -> loggedModSeqs.get(m.uid().value()) == m.modSeq().value())
                .sorted(Comparator.comparing(StoredMessage::modSeq))
                .toList();
        List<Expunged> expunged = expunges.stream().filter(entry -> entry[0] <= end)
                .map(entry -> new Expunged(Uid.of(entry[1]), ModSeq.of(entry[0]))).toList();
        return new ChangesSince.Changes(since, ModSeq.of(upTo), changed, expunged, upTo < highest);
    }

    /** Up to one more than a page of (MODSEQ, UID) log entries after {@code since}. */
    private CompletableFuture<List<long[]>> logPage(PreparedStatement statement, MailboxId mailbox, ModSeq since) {
        return session.executeAsync(statement.bind(mailbox.value(), since.value(), CHANGES_PAGE + 1).setPageSize(CHANGES_PAGE + 1))
                .thenApply(rows -> {
                    List<long[]> entries = new ArrayList<>();
                    rows.currentPage().forEach(row -> entries.add(new long[] {row.getLong("seq"), row.getLong("expunged_uid")}));
                    return entries;
                }).toCompletableFuture();
    }

    /**
     * Whether the logs still hold the change numbered {@code modSeq}. Asked only once they were read:
     * entries expire oldest first, so when this one is still there, every later one was there when
     * they were read.
     */
    private CompletableFuture<Boolean> logged(MailboxId mailbox, long modSeq) {
        return session.executeAsync(statements.selectLogged.bind(mailbox.value(), modSeq))
                .thenApply(rows -> rows.one() != null).toCompletableFuture();
    }

    /**
     * What SORT reads of the messages from {@code first} to {@code last}: slices of the mailbox's partition of the
     * few columns it compares, the range cut in up to {@value #READS_AT_ONCE} spans of at least {@value #SORT_SPAN}
     * UIDs read at once, each {@value #SORT_PAGE} rows a round trip: 10,000 messages in four reads under way together.
     * Each slice is limited to its span's width, so one that fills its last page asks for no empty page after it.
     */
    List<SortFacts> sortFacts(MailboxId mailbox, long first, long last) {
        return sortFacts(statements.selectSortFacts, mailbox, first, last);
    }

    /** {@link #sortFacts} with the threading facts the rows keep, in the same slices: what THREAD reads. */
    List<SortFacts> threadFacts(MailboxId mailbox, long first, long last) {
        return sortFacts(statements.selectThreadFacts, mailbox, first, last);
    }

    private List<SortFacts> sortFacts(PreparedStatement statement, MailboxId mailbox, long first, long last) {
        long width = Math.max(SORT_SPAN, (last - first + READS_AT_ONCE) / READS_AT_ONCE);
        List<CompletableFuture<List<SortFacts>>> reads = new ArrayList<>();
        for (long from = first; from <= last; from += width) {
            long to = Math.min(last, from + width - 1);
            int limit = (int) Math.min(Integer.MAX_VALUE, to - from + 1);
            BoundStatement slice = statement.bind(mailbox.value(), from, to, limit).setPageSize(SORT_PAGE);
            reads.add(Cql.call("read sort keys", () -> session.executeAsync(slice).toCompletableFuture())
                    .thenCompose(page -> allPages(page, MessageStatements::sortFacts, new ArrayList<>())));
        }
        List<SortFacts> facts = new ArrayList<>();
        for (CompletableFuture<List<SortFacts>> read : reads) {
            facts.addAll(Cql.await("read sort keys", read));
        }
        return facts;
    }

    List<SearchFacts> searchFacts(MailboxId mailbox, long first, long last, int limit) {
        List<StoredMessage> messages = range(mailbox, first, last, limit);
        Map<String, MessageContent> contents = new HashMap<>();
        List<String> keys = messages.stream().map(StoredMessage::blobKey).distinct().toList();
        for (List<String> chunk : chunks(keys, CONTENT_BATCH)) {
            Cql.run("read message content", () -> {
                for (Row row : session.execute(statements.selectContents.bind(chunk))) {
                    contents.put(row.getString("blob_key"), new MessageContent(row.getString("blob_key"), row.getLong("size"),
                            row.getString("envelope"), row.getString("body_structure"), row.getString("header_index"),
                            row.getString("sections")));
                }
            });
        }
        return messages.stream().map(m -> new SearchFacts(m, Optional.ofNullable(contents.get(m.blobKey())))).toList();
    }

    /**
     * Every row from {@code first} to {@code last} with its text signature, read in pages of {@value #SEARCH_PAGE}
     * without waiting, so that SEARCH has the next spans of a mailbox under way while it tests one.
     */
    CompletableFuture<List<SearchRow>> searchRowsAsync(MailboxId mailbox, long first, long last) {
        return rangeAsync(statements.selectSearchRange, mailbox, first, last,
                row -> new SearchRow(MessageStatements.message(row), MessageStatements.textSignature(row)));
    }

    /** {@link #searchRowsAsync} of the columns of a {@link TextRow} alone. */
    CompletableFuture<List<TextRow>> textRowsAsync(MailboxId mailbox, long first, long last) {
        return rangeAsync(statements.selectTextRange, mailbox, first, last, MessageStatements::textRow);
    }

    private <T> CompletableFuture<List<T>> rangeAsync(PreparedStatement statement, MailboxId mailbox, long first, long last,
                                                     Function<Row, T> decode) {
        int limit = (int) Math.min(Integer.MAX_VALUE, last - first + 1);
        return Cql.call("read messages", () -> session.executeAsync(statement.bind(mailbox.value(), first, last, limit)
                        .setPageSize(SEARCH_PAGE)).toCompletableFuture())
                .thenCompose(page -> allPages(page, decode, new ArrayList<>()))
                .handle((rows, failure) -> {
                    if (failure != null) {
                        throw Cql.failure("read messages", failure);
                    }
                    return rows;
                });
    }

    /** The rows of {@code page} and of the pages after it, decoded and added to {@code into}. */
    private static <T> CompletableFuture<List<T>> allPages(AsyncResultSet page, Function<Row, T> decode, List<T> into) {
        page.currentPage().forEach(row -> into.add(decode.apply(row)));
        return page.hasMorePages()
                ? page.fetchNextPage().toCompletableFuture().thenCompose(next -> allPages(next, decode, into))
                : CompletableFuture.completedFuture(into);
    }

    List<SearchRow> searchRows(MailboxId mailbox, long first, long last, int limit) {
        return Cql.call("read messages", () -> session.execute(statements.selectSearchRange.bind(mailbox.value(), first, last, limit)
                        .setPageSize(limit))
                .all().stream().map(row -> new SearchRow(MessageStatements.message(row), MessageStatements.textSignature(row))).toList());
    }
}
