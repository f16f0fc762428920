package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.StoredMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final MessageStatements statements;
    private final MailboxState.Statements state;
    private final MessageReads reads;
    private final UidBlocks uidBlocks;
    private final FlagBlocks flagBlocks;
    private final MessageStoreSettings settings;

    Expunges(MessageStatements statements, MailboxState.Statements state, MessageReads reads, UidBlocks uidBlocks,
             FlagBlocks flagBlocks, MessageStoreSettings settings) {
        this.statements = statements;
        this.state = state;
        this.reads = reads;
        this.uidBlocks = uidBlocks;
        this.flagBlocks = flagBlocks;
        this.settings = settings;
    }

    Optional<ModSeq> expunge(MailboxId mailbox, Collection<Uid> uids) {
        Optional<ModSeq> last = Optional.empty();
        for (List<Long> chunk : chunks(sortedDistinct(uids), EXPUNGE_BATCH)) {
            Optional<ModSeq> modSeq = expungeChunk(mailbox, chunk);
            if (modSeq.isPresent()) {
                last = modSeq;
            }
        }
        return last;
    }

    /**
     * Expunges one chunk of ascending UIDs as one change. The messages are removed with range
     * deletions that each cover a whole gap between surviving messages, back to the survivor
     * before and on to the survivor after, so older tombstones in the gap are covered by the new
     * one and merge away: the live rows never have more than one tombstone between them, and a
     * mailbox that expunged most of its messages reads as fast as one that never had them.
     */
    private Optional<ModSeq> expungeChunk(MailboxId mailbox, List<Long> uids) {
        int readLimit = uids.size() * 4;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MailboxState before = state.read(mailbox);
            long first = uids.get(0);
            long last = uids.get(uids.size() - 1);
            // Read after the state the change is guarded by, so all at once: the span, the survivors
            // around it and its flag blocks.
            CompletableFuture<List<StoredMessage>> spanRead = reads.rangeAsync(mailbox, first, last, readLimit + 1);
            CompletableFuture<Long> belowRead = reads.liveBelow(mailbox, first);
            CompletableFuture<Long> aboveRead = reads.liveAbove(mailbox, last, before.nextUid());
            CompletableFuture<Map<Long, FlagBlock>> blocksRead = before.flagBlocks()
                    ? flagBlocks.readAsync(mailbox, uids) : CompletableFuture.completedFuture(Map.of());
            List<StoredMessage> live = Cql.await("read messages", spanRead);
            if (live.size() > readLimit) {
                // Few of the live messages in this span are expunged: halves, until spans are dense.
                Optional<ModSeq> low = expungeChunk(mailbox, uids.subList(0, uids.size() / 2));
                Optional<ModSeq> high = expungeChunk(mailbox, uids.subList(uids.size() / 2, uids.size()));
                return high.isPresent() ? high : low;
            }
            Set<Long> wanted = new HashSet<>(uids);
            List<StoredMessage> doomed = live.stream().filter(m -> wanted.contains(m.uid().value())).toList();
            if (doomed.isEmpty()) {
                return Optional.empty();
            }
            long unseenCount = doomed.stream().filter(m -> !m.flags().contains(Flag.SEEN)).count();
            long bytes = doomed.stream().mapToLong(StoredMessage::size).sum();
            MailboxState after = before.remove(doomed.size(), unseenCount, bytes);
            long modSeq = after.highestModSeq();
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            for (long[] gap : gaps(live, wanted, Cql.await("read messages", belowRead), Cql.await("read messages", aboveRead))) {
                batch.addStatement(statements.deleteMessages.bind(mailbox.value(), gap[0], gap[1]));
            }
            for (StoredMessage message : doomed) {
                batch.addStatement(statements.insertExpunged.bind(mailbox.value(), modSeq, message.uid().value(),
                        settings.logTtlSeconds()));
            }
            List<Long> doomedUids = doomed.stream().map(m -> m.uid().value()).toList();
            if (before.uidBlocks()) {
                uidBlocks.change(mailbox, doomedUids, false).forEach(batch::addStatement);
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
                return Optional.of(ModSeq.of(modSeq));
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    /**
     * The UID ranges to delete: each run of doomed messages among {@code live} (ascending), widened
     * to the surviving message before it ({@code below} for the first) and after it ({@code above}
     * for the last), exclusive. Every UID in a range is expunged now or was before.
     */
    static List<long[]> gaps(List<StoredMessage> live, Set<Long> doomed, long below, long above) {
        List<long[]> gaps = new ArrayList<>();
        long survivor = below;
        long runStart = -1;
        for (StoredMessage message : live) {
            long uid = message.uid().value();
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
