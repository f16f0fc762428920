package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.FlagsChange;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.StoreResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import static io.mailfleet.store.cassandra.ConditionalChanges.MAX_ATTEMPTS;
import static io.mailfleet.store.cassandra.ConditionalChanges.applied;
import static io.mailfleet.store.cassandra.ConditionalChanges.backOff;
import static io.mailfleet.store.cassandra.ConditionalChanges.batch;
import static io.mailfleet.store.cassandra.ConditionalChanges.busy;
import static io.mailfleet.store.cassandra.ConditionalChanges.sortedDistinct;

/**
 * Flag changes: of one message, or of a set cut into chunks of about {@value #CHUNK} UIDs, one Paxos
 * round each, every changed message under a MODSEQ of its own. The current flags come from the
 * mailbox's flag blocks ({@link FlagBlocks}), which each change writes back beside the message rows;
 * a mailbox without them yet is read from its message rows.
 */
final class FlagChanges {

    /**
     * UIDs per chunk: a Paxos round costs about as much for one message as for many, so chunks are
     * large; a chunk of +FLAGS is two statements a message, well within what one round carries.
     */
    static final int CHUNK = 1000;

    private final MessageStatements statements;
    private final MailboxState.Statements state;
    private final MessageReads reads;
    private final FlagBlocks flagBlocks;
    private final MessageStoreSettings settings;

    FlagChanges(MessageStatements statements, MailboxState.Statements state, MessageReads reads, FlagBlocks flagBlocks,
                MessageStoreSettings settings) {
        this.statements = statements;
        this.state = state;
        this.reads = reads;
        this.flagBlocks = flagBlocks;
        this.settings = settings;
    }

    Optional<FlagsChange> updateFlags(MailboxId mailbox, Uid uid, UnaryOperator<Flags> change) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MailboxState before = state.read(mailbox);
            Current current = Cql.await("read messages", current(mailbox, before, List.of(uid.value())));
            if (current.messages().isEmpty()) {
                return Optional.empty();
            }
            MessageFlags message = current.messages().get(0);
            Flags flags = change.apply(message.flags());
            if (flags.equals(message.flags())) {
                return Optional.of(new FlagsChange(flags, message.modSeq(), false));
            }
            MailboxState after = before.change(unseen(flags) - unseen(message.flags()));
            long modSeq = after.highestModSeq();
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            flagChange(mailbox, message, flags, modSeq).forEach(batch::addStatement);
            current.put(uid.value(), modSeq, flags).forEach(block -> batch.addStatement(flagBlocks.put(mailbox, block)));
            if (applied(statements.session, batch.build(), () -> reads.modSeqNow(mailbox, uid) == modSeq)) {
                return Optional.of(new FlagsChange(flags, ModSeq.of(modSeq), true));
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    /**
     * The chunks are written one after the other, each guarded by the state the previous one left, so
     * the state is read once, not per chunk, and the messages of the next chunk are read while the
     * current one is written. That read is valid: it comes after the state read, the chunks touch
     * disjoint messages and disjoint flag blocks, and a guard that holds proves no one else changed
     * the mailbox since. When a guard fails (a concurrent change), the chunk is read and written again
     * from a fresh state, and the next chunk's messages are read again after it. While no guard fails, the
     * chunks' changes follow the first state read with none of another writer's between them: the result
     * says so ({@link StoreResult#onlyChangesSince}).
     */
    StoreResult store(MailboxId mailbox, Collection<Uid> uids, FlagUpdate update, Optional<ModSeq> unchangedSince) {
        List<StoreResult.Updated> updated = new ArrayList<>();
        List<Uid> modified = new ArrayList<>();
        List<List<Long>> chunks = blockChunks(sortedDistinct(uids), CHUNK);
        if (chunks.isEmpty()) {
            return new StoreResult(updated, modified);
        }
        // The first chunk's flag blocks come with the state they were read at, in one read: the state the
        // first change is guarded by. Only a read that finds none of them reads the state on its own first.
        FlagBlocks.Read firstRead = Cql.await("read flag blocks", flagBlocks.readKeptAsync(mailbox, chunks.get(0)));
        MailboxState expected = firstRead.state() != null && firstRead.state().flagBlocks() ? firstRead.state() : state.read(mailbox);
        long startedAt = expected.highestModSeq();
        boolean alone = true;
        CompletableFuture<Current> next = expected == firstRead.state()
                ? CompletableFuture.completedFuture(current(chunks.get(0), firstRead.blocks()))
                : current(mailbox, expected, chunks.get(0));
        for (int i = 0; i < chunks.size(); i++) {
            Current current = Cql.await("read messages", next);
            next = i + 1 < chunks.size() ? current(mailbox, expected, chunks.get(i + 1)) : null;
            Chunk chunk = chunk(mailbox, expected, current, update, unchangedSince);
            if (chunk.written()) {
                expected = chunk.after();
            } else {
                alone = false;
                chunk = storeChunk(mailbox, chunks.get(i), update, unchangedSince);
                expected = chunk.after();
                if (next != null) {
                    next = current(mailbox, expected, chunks.get(i + 1));
                }
            }
            updated.addAll(chunk.result().updated());
            modified.addAll(chunk.result().modified());
        }
        return new StoreResult(updated, modified, alone ? Optional.of(ModSeq.of(startedAt)) : Optional.empty());
    }

    /**
     * Ascending {@code uids} cut into chunks of at least {@code size} UIDs (the last may be shorter),
     * each ending at the end of a flag block, so that no two chunks share a block.
     */
    static List<List<Long>> blockChunks(List<Long> uids, int size) {
        List<List<Long>> chunks = new ArrayList<>();
        int start = 0;
        for (int end = 1; end <= uids.size(); end++) {
            if (end == uids.size()
                    || end - start >= size && FlagBlock.blockOf(uids.get(end)) != FlagBlock.blockOf(uids.get(end - 1))) {
                chunks.add(uids.subList(start, end));
                start = end;
            }
        }
        return chunks;
    }

    /** One chunk written from a fresh read of the state and of its messages, retried while other writers win. */
    private Chunk storeChunk(MailboxId mailbox, List<Long> uids, FlagUpdate update, Optional<ModSeq> unchangedSince) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MailboxState before = state.read(mailbox);
            Chunk chunk = chunk(mailbox, before, Cql.await("read messages", current(mailbox, before, uids)), update, unchangedSince);
            if (chunk.written()) {
                return chunk;
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    /**
     * Writes the change of the messages of {@code current}, read after {@code before} was the state, as
     * one batch guarded by {@code before}. Not written when the guard fails; written with nothing to
     * change (and the state left as it is) when no message's flags change.
     */
    private Chunk chunk(MailboxId mailbox, MailboxState before, Current current, FlagUpdate update,
                        Optional<ModSeq> unchangedSince) {
        List<StoreResult.Updated> updated = new ArrayList<>();
        List<Uid> modified = new ArrayList<>();
        List<BoundStatement> changes = new ArrayList<>();
        Set<FlagBlock> touched = new LinkedHashSet<>();
        long modSeq = before.highestModSeq();
        long unseenDelta = 0;
        for (MessageFlags message : current.messages()) {
            if (unchangedSince.isPresent() && message.modSeq().isAfter(unchangedSince.get())) {
                modified.add(message.uid());
                continue;
            }
            Flags flags = update.applyTo(message.flags());
            if (flags.equals(message.flags())) {
                continue;
            }
            modSeq++;
            unseenDelta += unseen(flags) - unseen(message.flags());
            changes.addAll(flagChange(mailbox, message, flags, modSeq));
            touched.addAll(current.put(message.uid().value(), modSeq, flags));
            updated.add(new StoreResult.Updated(message.uid(), flags, ModSeq.of(modSeq)));
        }
        StoreResult result = new StoreResult(updated, modified);
        if (updated.isEmpty()) {
            return new Chunk(true, before, result);
        }
        MailboxState after = before.change(updated.size(), unseenDelta);
        StoreResult.Updated first = updated.get(0);
        BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
        changes.forEach(batch::addStatement);
        flagBlocks.put(mailbox, touched).forEach(batch::addStatement);
        boolean written = applied(statements.session, batch.build(),
                () -> reads.modSeqNow(mailbox, first.uid()) == first.modSeq().value());
        return new Chunk(written, after, result);
    }

    /** A chunk's outcome: whether it was written, the state it left, and what it reports. */
    private record Chunk(boolean written, MailboxState after, StoreResult result) {
    }

    /**
     * The existing messages among ascending {@code uids} as they are now, read after {@code before}:
     * from the flag blocks when the mailbox keeps them (which then come along, to be written back
     * changed), else from the message rows.
     */
    private CompletableFuture<Current> current(MailboxId mailbox, MailboxState before, List<Long> uids) {
        if (!before.flagBlocks()) {
            return reads.chunkAsync(mailbox, uids).thenApply(rows -> new Current(rows.stream()
                    .map(row -> new MessageFlags(row.uid(), row.modSeq(), row.flags())).toList(), Map.of()));
        }
        return flagBlocks.readAsync(mailbox, uids).thenApply(read -> current(uids, read));
    }

    /** The existing messages among ascending {@code uids} in the blocks {@code read}, and those blocks. */
    private static Current current(List<Long> uids, Map<Long, FlagBlock> read) {
        Map<Long, FlagBlock> blocks = FlagBlock.covering(uids, read);
        List<MessageFlags> messages = new ArrayList<>(uids.size());
        for (long uid : uids) {
            MessageFlags entry = blocks.get(FlagBlock.blockOf(uid)).get(uid);
            if (entry != null) {
                messages.add(entry);
            }
        }
        return new Current(messages, blocks);
    }

    /** Messages as they are, in UID order, and the flag blocks that hold them (none when the mailbox keeps none). */
    private record Current(List<MessageFlags> messages, Map<Long, FlagBlock> blocks) {

        /** Gives message {@code uid} its new entry in its block; the block changed, if the mailbox keeps blocks. */
        List<FlagBlock> put(long uid, long modSeq, Flags flags) {
            FlagBlock block = blocks.get(FlagBlock.blockOf(uid));
            if (block == null) {
                return List.of();
            }
            block.put(uid, modSeq, flags);
            return List.of(block);
        }
    }

    /** The statements that give one message new flags under {@code modSeq} and log it. */
    private List<BoundStatement> flagChange(MailboxId mailbox, MessageFlags message, Flags flags, long modSeq) {
        long uid = message.uid().value();
        List<BoundStatement> changes = new ArrayList<>(3);
        Flags added = flags.without(message.flags());
        Flags removed = message.flags().without(flags);
        // The MODSEQ goes with the first set change, so the common +FLAGS or -FLAGS is one statement.
        if (!added.isEmpty()) {
            changes.add(statements.setModSeqAddFlags.bind(modSeq, new TreeSet<>(added.asStrings()), mailbox.value(), uid));
        }
        if (!removed.isEmpty()) {
            changes.add(added.isEmpty()
                    ? statements.setModSeqRemoveFlags.bind(modSeq, new TreeSet<>(removed.asStrings()), mailbox.value(), uid)
                    : statements.removeFlags.bind(new TreeSet<>(removed.asStrings()), mailbox.value(), uid));
        }
        changes.add(statements.insertChange.bind(mailbox.value(), modSeq, uid, settings.logTtlSeconds()));
        return changes;
    }

    private static long unseen(Flags flags) {
        return flags.contains(Flag.SEEN) ? 0 : 1;
    }
}
