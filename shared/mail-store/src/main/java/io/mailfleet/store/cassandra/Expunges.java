package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.TupleType;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.ExpungeResult;
import io.mailfleet.store.mailbox.Expunged;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.StoredMessage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static io.mailfleet.store.cassandra.ConditionalChanges.MAX_ATTEMPTS;
import static io.mailfleet.store.cassandra.ConditionalChanges.applied;
import static io.mailfleet.store.cassandra.ConditionalChanges.backOff;
import static io.mailfleet.store.cassandra.ConditionalChanges.batch;
import static io.mailfleet.store.cassandra.ConditionalChanges.busy;
import static io.mailfleet.store.cassandra.ConditionalChanges.chunks;
import static io.mailfleet.store.cassandra.ConditionalChanges.sortedDistinct;

/** Expunges of a set of messages, cut into chunks that are each one change, logged in the expunge log. */
final class Expunges {

    /** Expunges are cut into batches of this many UIDs, each its own change, to keep batches small. */
    private static final int EXPUNGE_BATCH = 100;
    /** Rows of {@code mailbox_data} by kind: messages. */
    private static final byte MESSAGE = 0;
    /** The most flag blocks read by their keys with rows of marked messages; an expunge over more reads them as a slice. */
    private static final int BLOCKS_READ_WITH_ROWS = 8;

    private final MessageStatements statements;
    private final MailboxState.Statements state;
    private final MessageReads reads;
    private final UidBlocks uidBlocks;
    private final FlagBlocks flagBlocks;
    private final MessageStoreSettings settings;
    private final DeletedMarks marks;

    /** @param marks the messages this process marked {@code \Deleted}, whose rows an expunge reads with its flag blocks */
    Expunges(MessageStatements statements, MailboxState.Statements state, MessageReads reads, UidBlocks uidBlocks,
             FlagBlocks flagBlocks, MessageStoreSettings settings, DeletedMarks marks) {
        this.statements = statements;
        this.state = state;
        this.reads = reads;
        this.uidBlocks = uidBlocks;
        this.flagBlocks = flagBlocks;
        this.settings = settings;
        this.marks = marks;
    }

    Optional<ModSeq> expunge(MailboxId mailbox, Collection<Uid> uids) {
        List<Expunged> expunged = expungeAll(mailbox, sortedDistinct(uids), false, null, null, null).expunged();
        marks.forget(mailbox, expunged.stream().map(e -> e.uid().value()).toList());
        return expunged.isEmpty() ? Optional.empty() : Optional.of(expunged.get(expunged.size() - 1).modSeq());
    }

    /**
     * Expunges those of {@code uids}, and of the UIDs from {@code andFrom} to the last one given out,
     * that are marked {@code \Deleted}. The marks are found in the flag blocks, read with the state in
     * one read of the partition, and checked again in each chunk's own read of its message rows, under
     * the guard of its change: a mark taken off by a STORE that lands first keeps its message. A mailbox
     * without its flag blocks, or whose read found none of them, has its state read on its own first. The
     * rows of the messages this process marked lately come with the flag blocks, in the same read: when
     * they are the marked ones, as when a client marks messages and expunges them, the change is written
     * after that one read.
     */
    ExpungeResult expungeDeleted(MailboxId mailbox, Collection<Uid> uids, Optional<Uid> andFrom) {
        List<Long> named = sortedDistinct(uids);
        // The tail's UIDs are known only once the state is: its first block is read with the named ones.
        long tailFrom = Math.max(andFrom.map(Uid::value).orElse(Long.MAX_VALUE), named.isEmpty() ? 1 : named.get(named.size() - 1) + 1);
        List<Long> firstBlocks = new ArrayList<>(named);
        if (tailFrom < Long.MAX_VALUE) {
            firstBlocks.add(tailFrom);
        }
        Set<Long> namedSet = new HashSet<>(named);
        List<Long> likely = marks.among(mailbox, uid -> uid >= tailFrom || namedSet.contains(uid));
        FlagBlocksAndRows.Read first = likely.isEmpty() || blockNumbers(firstBlocks).size() > BLOCKS_READ_WITH_ROWS
                ? new FlagBlocksAndRows.Read(Cql.await("read flag blocks", flagBlocks.readKeptAsync(mailbox, firstBlocks)), null)
                : FlagBlocksAndRows.read(statements, mailbox, firstBlocks, likely);
        ExpungeResult result = expungeMarked(mailbox, named, tailFrom, firstBlocks, first);
        List<Long> forgotten = new ArrayList<>(likely);
        result.expunged().forEach(e -> forgotten.add(e.uid().value()));
        // Those of the guess not expunged are not marked any more; one marked still is left to the flag blocks.
        marks.forget(mailbox, forgotten);
        return result;
    }

    private ExpungeResult expungeMarked(MailboxId mailbox, List<Long> named, long tailFrom, List<Long> firstBlocks,
                                        FlagBlocksAndRows.Read first) {
        FlagBlocks.Read read = first.blocks();
        boolean withBlocks = read.state() != null && read.state().flagBlocks();
        MailboxState before = withBlocks ? read.state() : state.read(mailbox);
        List<Long> candidates = new ArrayList<>(named);
        for (long uid = tailFrom; uid < before.nextUid(); uid++) {
            candidates.add(uid);
        }
        if (candidates.isEmpty()) {
            return new ExpungeResult(List.of(), Optional.of(ModSeq.of(before.highestModSeq())));
        }
        List<Long> marked = new ArrayList<>();
        KnownFlagBlocks known = null;
        if (before.flagBlocks()) {
            boolean covered = withBlocks && coversAll(firstBlocks, candidates);
            Map<Long, FlagBlock> blocks = covered ? read.blocks()
                    : Cql.await("read flag blocks", flagBlocks.readAsync(mailbox, candidates));
            known = new KnownFlagBlocks(blocks, blockNumbers(covered ? firstBlocks : candidates));
            for (long uid : candidates) {
                FlagBlock block = blocks.get(FlagBlock.blockOf(uid));
                MessageFlags entry = block == null ? null : block.get(uid);
                if (entry != null && entry.flags().contains(Flag.DELETED)) {
                    marked.add(uid);
                }
            }
        } else {
            reads.findAll(mailbox, candidates.stream().map(Uid::of).toList()).stream()
                    .filter(message -> message.flags().contains(Flag.DELETED)).forEach(message -> marked.add(message.uid().value()));
        }
        // The rows read with the state stand for it only when that state is the one the change is guarded by.
        return expungeAll(mailbox, marked, true, before, known, withBlocks ? first.rows() : null);
    }

    private static Set<Long> blockNumbers(List<Long> uids) {
        Set<Long> numbers = new HashSet<>();
        uids.forEach(uid -> numbers.add(FlagBlock.blockOf(uid)));
        return numbers;
    }

    /**
     * Whether the blocks read for {@code read} UIDs hold every block of {@code candidates}: a block with no
     * row holds no message, so one of the read ones that is missing is empty, but one never asked for is unknown.
     */
    static boolean coversAll(List<Long> read, List<Long> candidates) {
        Set<Long> asked = new HashSet<>();
        read.forEach(uid -> asked.add(FlagBlock.blockOf(uid)));
        return candidates.stream().allMatch(uid -> asked.contains(FlagBlock.blockOf(uid)));
    }

    /**
     * Expunges ascending {@code uids} in chunks, each one change; {@code known}, when not null, is the
     * state as just read, which the first chunk is guarded by without reading it again, and each
     * following chunk by the state the one before it left. While every chunk lands on the state it was
     * computed on, no other writer's change came between them, which the result says.
     *
     * @param knownBlocks the flag blocks of every one of {@code uids}, read with {@code known} (null when not
     *     read): the first chunk's first attempt, guarded by {@code known}, takes its blocks from them
     * @param knownRows message rows and UID map blocks read with {@code known}, or null: that attempt takes its
     *     messages' rows from them when they hold all of them
     */
    private ExpungeResult expungeAll(MailboxId mailbox, List<Long> uids, boolean onlyDeleted, MailboxState known,
                                     KnownFlagBlocks knownBlocks, FlagBlocksAndRows.Rows knownRows) {
        List<Expunged> expunged = new ArrayList<>();
        MailboxState current = known;
        KnownFlagBlocks blocks = known == null ? null : knownBlocks;
        FlagBlocksAndRows.Rows rows = known == null ? null : knownRows;
        boolean alone = known != null;
        for (List<Long> chunk : chunks(uids, EXPUNGE_BATCH)) {
            Chunk done = expungeChunk(mailbox, chunk, onlyDeleted, current, blocks, rows);
            // The later chunks read their blocks and rows: the first one's change may have left those it shares with them.
            blocks = null;
            rows = null;
            alone = alone && done.guard() == current;
            current = done.state();
            done.uids().forEach(uid -> expunged.add(new Expunged(Uid.of(uid), ModSeq.of(done.modSeq()))));
        }
        return new ExpungeResult(expunged, alone ? Optional.of(ModSeq.of(known.highestModSeq())) : Optional.empty());
    }

    /**
     * What a chunk did: the UIDs it expunged under MODSEQ {@code modSeq} (none, when none was there), the
     * state it was computed on ({@code guard}) and the state it is known to have left, either null when a
     * halved chunk's is not known.
     */
    private record Chunk(List<Long> uids, long modSeq, MailboxState guard, MailboxState state) {
    }

    /**
     * Expunges one chunk of ascending UIDs as one change; with {@code onlyDeleted} only those whose
     * rows, read under the change's guard, are marked {@code \Deleted}. The messages are removed with
     * range deletions that each cover a whole gap between surviving messages, back to the survivor
     * before and on to the survivor after, so older tombstones in the gap are covered by the new
     * one and merge away: the live rows never have more than one tombstone between them, and a
     * mailbox that expunged most of its messages reads as fast as one that never had them.
     *
     * @param known the state as it is now, if the caller knows it (null when not): the first attempt is
     *     guarded by it instead of a fresh read
     * @param knownBlocks the flag blocks of {@code uids} read with {@code known}, or null: the first attempt,
     *     guarded by {@code known}, changes them instead of reading them again, and finds the chunk's messages and
     *     their surviving neighbours in them when they hold the whole span ({@link #expungeKnown})
     */
    private Chunk expungeChunk(MailboxId mailbox, List<Long> uids, boolean onlyDeleted, MailboxState known,
                               KnownFlagBlocks knownBlocks, FlagBlocksAndRows.Rows knownRows) {
        int readLimit = uids.size() * 4;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            boolean asKnown = attempt == 1 && known != null;
            if (asKnown && knownBlocks != null && known.uidBlocks() && known.flagBlocks()
                    && knownBlocks.holdsSpan(uids.get(0), uids.get(uids.size() - 1))) {
                Chunk done = expungeKnown(mailbox, uids, onlyDeleted, known, knownBlocks, knownRows);
                if (done != null) {
                    return done;
                }
                backOff(attempt);
                continue;
            }
            MailboxState before = asKnown ? known : state.read(mailbox);
            long first = uids.get(0);
            long last = uids.get(uids.size() - 1);
            // Read after the state the change is guarded by, so all at once: the span, the survivors
            // around it, its UID map blocks and its flag blocks.
            CompletableFuture<List<StoredMessage>> spanRead = reads.rangeAsync(mailbox, first, last, readLimit + 1);
            CompletableFuture<Long> belowRead = reads.liveBelow(mailbox, first);
            CompletableFuture<Long> aboveRead = reads.liveAbove(mailbox, last, before.nextUid());
            CompletableFuture<Map<Long, byte[]>> uidMapRead = before.uidBlocks()
                    ? uidBlocks.readAsync(mailbox, uids) : CompletableFuture.completedFuture(Map.of());
            CompletableFuture<Map<Long, FlagBlock>> blocksRead = !before.flagBlocks() ? CompletableFuture.completedFuture(Map.of())
                    : asKnown && knownBlocks != null ? CompletableFuture.completedFuture(knownBlocks.blocks())
                    : flagBlocks.readAsync(mailbox, uids);
            List<StoredMessage> live = Cql.await("read messages", spanRead);
            if (live.size() > readLimit) {
                // Few of the live messages in this span are expunged: halves, until spans are dense.
                Chunk low = expungeChunk(mailbox, uids.subList(0, uids.size() / 2), onlyDeleted, null, null, null);
                Chunk high = expungeChunk(mailbox, uids.subList(uids.size() / 2, uids.size()), onlyDeleted, null, null, null);
                List<Long> both = new ArrayList<>(low.uids());
                both.addAll(high.uids());
                return new Chunk(both, high.uids().isEmpty() ? low.modSeq() : high.modSeq(), null, null);
            }
            Set<Long> wanted = new HashSet<>(uids);
            List<StoredMessage> doomed = live.stream().filter(m -> wanted.contains(m.uid().value()))
                    .filter(m -> !onlyDeleted || m.flags().contains(Flag.DELETED)).toList();
            if (doomed.isEmpty()) {
                return new Chunk(List.of(), 0, before, before);
            }
            Set<Long> doomedSet = new HashSet<>();
            doomed.forEach(m -> doomedSet.add(m.uid().value()));
            long unseenCount = doomed.stream().filter(m -> !m.flags().contains(Flag.SEEN)).count();
            long bytes = doomed.stream().mapToLong(StoredMessage::size).sum();
            MailboxState after = before.remove(doomed.size(), unseenCount, bytes);
            long modSeq = after.highestModSeq();
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            for (long[] gap : gaps(live, doomedSet, Cql.await("read messages", belowRead), Cql.await("read messages", aboveRead))) {
                batch.addStatement(statements.deleteMessages.bind(mailbox.value(), gap[0], gap[1]));
            }
            for (StoredMessage message : doomed) {
                batch.addStatement(statements.insertExpunged.bind(mailbox.value(), modSeq, message.uid().value(),
                        settings.logTtlSeconds()));
            }
            List<Long> doomedUids = doomed.stream().map(m -> m.uid().value()).toList();
            if (before.uidBlocks()) {
                uidBlocks.change(mailbox, Cql.await("read UID map", uidMapRead), doomedUids, false).forEach(batch::addStatement);
            }
            if (before.flagBlocks()) {
                // Only the blocks of the doomed messages change; those of the chunk's other UIDs stay as they are.
                Map<Long, FlagBlock> changed = new TreeMap<>();
                Map<Long, FlagBlock> blocks = Cql.await("read flag blocks", blocksRead);
                doomedUids.forEach(uid -> {
                    FlagBlock block = blocks.get(FlagBlock.blockOf(uid));
                    if (block != null) {
                        block.remove(uid);
                        changed.put(FlagBlock.blockOf(uid), block);
                    }
                });
                flagBlocks.put(mailbox, changed.values()).forEach(batch::addStatement);
            }
            Uid firstDoomed = doomed.get(0).uid();
            if (applied(statements.session, batch.build(), () -> reads.expungedSince(mailbox, ModSeq.of(modSeq - 1)).stream()
                    .anyMatch(e -> e.modSeq().value() == modSeq && e.uid().equals(firstDoomed)))) {
                return new Chunk(doomedUids, modSeq, before, after);
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    /**
     * The first attempt of a chunk whose flag blocks, read with the state it is guarded by, hold its whole span: they
     * name its messages and the survivors around them, so only the messages' rows (for their sizes) and their UID map
     * blocks are read, in one request, before the change, unless they were read with the blocks ({@code rows}, or
     * null). Null when the change did not land on that state.
     */
    private Chunk expungeKnown(MailboxId mailbox, List<Long> uids, boolean onlyDeleted, MailboxState before,
                               KnownFlagBlocks known, FlagBlocksAndRows.Rows rows) {
        List<Long> doomedUids = uids.stream().filter(uid -> known.isLive(uid, onlyDeleted)).toList();
        if (doomedUids.isEmpty()) {
            return new Chunk(List.of(), 0, before, before);
        }
        long first = doomedUids.get(0);
        long last = doomedUids.get(doomedUids.size() - 1);
        OptionalLong below = known.liveBelow(first);
        OptionalLong above = known.liveAbove(last, before.nextUid());
        // A survivor in a block not read (a UID EXPUNGE far from its neighbours) is looked for meanwhile.
        CompletableFuture<Long> belowRead = below.isPresent() ? CompletableFuture.completedFuture(below.getAsLong())
                : reads.liveBelow(mailbox, first);
        CompletableFuture<Long> aboveRead = above.isPresent() ? CompletableFuture.completedFuture(above.getAsLong())
                : reads.liveAbove(mailbox, last, before.nextUid());
        RowsAndMap read = rows != null && rows.hold(doomedUids) ? new RowsAndMap(rows.messagesOf(doomedUids), rows.uidMap())
                : rowsAndMap(mailbox, doomedUids);
        if (read.messages().size() != doomedUids.size()) {
            // The blocks say these messages exist; rows that do not are of a change that landed since the state.
            return null;
        }
        List<StoredMessage> doomed = read.messages();
        long unseenCount = doomed.stream().filter(m -> !m.flags().contains(Flag.SEEN)).count();
        long bytes = doomed.stream().mapToLong(StoredMessage::size).sum();
        MailboxState after = before.remove(doomed.size(), unseenCount, bytes);
        long modSeq = after.highestModSeq();
        BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
        for (long[] gap : gapsAmong(known.liveBetween(first, last), new HashSet<>(doomedUids),
                Cql.await("read messages", belowRead), Cql.await("read messages", aboveRead))) {
            batch.addStatement(statements.deleteMessages.bind(mailbox.value(), gap[0], gap[1]));
        }
        for (long uid : doomedUids) {
            batch.addStatement(statements.insertExpunged.bind(mailbox.value(), modSeq, uid, settings.logTtlSeconds()));
        }
        uidBlocks.change(mailbox, read.uidMap(), doomedUids, false).forEach(batch::addStatement);
        Map<Long, FlagBlock> changed = new TreeMap<>();
        for (long uid : doomedUids) {
            FlagBlock block = known.blocks().get(FlagBlock.blockOf(uid));
            block.remove(uid);
            changed.put(block.block(), block);
        }
        flagBlocks.put(mailbox, changed.values()).forEach(batch::addStatement);
        Uid firstDoomed = Uid.of(first);
        if (applied(statements.session, batch.build(), () -> reads.expungedSince(mailbox, ModSeq.of(modSeq - 1)).stream()
                .anyMatch(e -> e.modSeq().value() == modSeq && e.uid().equals(firstDoomed)))) {
            return new Chunk(doomedUids, modSeq, before, after);
        }
        return null;
    }

    /** The rows of some messages and the UID map blocks they are in, as one read of the partition found them. */
    private record RowsAndMap(List<StoredMessage> messages, Map<Long, byte[]> uidMap) {
    }

    /** The rows of ascending {@code uids} that exist, and the UID map blocks of those UIDs that have a row, in one request. */
    private RowsAndMap rowsAndMap(MailboxId mailbox, List<Long> uids) {
        TupleType rowKey = (TupleType) ((ListType) statements.selectRowsAndUidBlocks.getVariableDefinitions().get(1).getType())
                .getElementType();
        List<TupleValue> keys = new ArrayList<>();
        uids.forEach(uid -> keys.add(rowKey.newValue(MESSAGE, uid, 0L)));
        uids.stream().map(uid -> uid >>> UidBlocks.SHIFT).distinct()
                .forEach(block -> keys.add(rowKey.newValue(DeliveryReads.UID_BLOCK, block, 0L)));
        List<StoredMessage> messages = new ArrayList<>();
        Map<Long, byte[]> uidMap = new HashMap<>();
        Cql.run("read messages", () -> {
            // A page larger than the rows there can be: a full page would make the driver ask for another.
            for (Row row : statements.session.execute(statements.selectRowsAndUidBlocks.bind(mailbox.value(), keys)
                    .setPageSize(keys.size() + 1))) {
                if (row.getByte("kind") == MESSAGE) {
                    messages.add(MessageStatements.message(row));
                } else if (!row.isNull("uid_bits")) {
                    ByteBuffer bits = row.getByteBuffer("uid_bits");
                    byte[] copy = new byte[bits.remaining()];
                    bits.duplicate().get(copy);
                    uidMap.put(row.getLong("seq"), copy);
                }
            }
        });
        return new RowsAndMap(messages, uidMap);
    }

    /**
     * The UID ranges to delete: each run of doomed messages among {@code live} (ascending), widened
     * to the surviving message before it ({@code below} for the first) and after it ({@code above}
     * for the last), exclusive. Every UID in a range is expunged now or was before.
     */
    static List<long[]> gaps(List<StoredMessage> live, Set<Long> doomed, long below, long above) {
        return gapsAmong(live.stream().mapToLong(message -> message.uid().value()).toArray(), doomed, below, above);
    }

    /** {@link #gaps}, with the live messages' UIDs alone. */
    static List<long[]> gapsAmong(long[] live, Set<Long> doomed, long below, long above) {
        List<long[]> gaps = new ArrayList<>();
        long survivor = below;
        long runStart = -1;
        for (long uid : live) {
            if (doomed.contains(uid)) {
                if (runStart < 0) {
                    runStart = survivor + 1;
                }
            } else {
                if (runStart >= 0) {
                    gaps.add(new long[] {runStart, uid - 1});
                    runStart = -1;
                }
                survivor = uid;
            }
        }
        if (runStart >= 0) {
            gaps.add(new long[] {runStart, above - 1});
        }
        return gaps;
    }
}
