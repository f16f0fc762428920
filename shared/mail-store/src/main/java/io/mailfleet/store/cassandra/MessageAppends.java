package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.Delivery;
import io.mailfleet.store.mailbox.NewMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.LongStream;

import static io.mailfleet.store.cassandra.ConditionalChanges.MAX_ATTEMPTS;
import static io.mailfleet.store.cassandra.ConditionalChanges.applied;
import static io.mailfleet.store.cassandra.ConditionalChanges.backOff;
import static io.mailfleet.store.cassandra.ConditionalChanges.batch;
import static io.mailfleet.store.cassandra.ConditionalChanges.busy;
import static io.mailfleet.store.mailbox.MessageRepository.MAX_ATOMIC_APPEND;

/** New messages in a mailbox, each group in one change: appends, and deliveries with their receipts. */
final class MessageAppends {

    private final MessageStatements statements;
    private final MailboxState.Statements state;
    private final MessageReads reads;
    private final UidBlocks uidBlocks;
    private final FlagBlocks flagBlocks;
    private final MessageStoreSettings settings;

    MessageAppends(MessageStatements statements, MailboxState.Statements state, MessageReads reads, UidBlocks uidBlocks,
                   FlagBlocks flagBlocks, MessageStoreSettings settings) {
        this.statements = statements;
        this.state = state;
        this.reads = reads;
        this.uidBlocks = uidBlocks;
        this.flagBlocks = flagBlocks;
        this.settings = settings;
    }

    List<Appended> appendAll(MailboxId mailbox, List<NewMessage> messages) {
        return appendAll(mailbox, messages, CompletableFuture.completedFuture(null));
    }

    /** @param written what must be stored before the change is written, stored meanwhile by the caller */
    List<Appended> appendAll(MailboxId mailbox, List<NewMessage> messages, CompletableFuture<Void> written) {
        checkAppendSize(messages.size());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MailboxState before = state.read(mailbox);
            MailboxState after = appended(before, messages);
            long firstUid = before.nextUid();
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            for (int i = 0; i < messages.size(); i++) {
                addMessage(batch, mailbox, messages.get(i), firstUid + i, after.highestModSeq());
            }
            addToMaps(batch, mailbox, before, messages, after.highestModSeq());
            awaitWritten(written);
            if (applied(statements.session, batch.build(), () -> reads.hasMessage(mailbox, firstUid, messages.get(0).messageId()))) {
                List<Appended> appended = new ArrayList<>(messages.size());
                for (int i = 0; i < messages.size(); i++) {
                    appended.add(new Appended(Uid.of(firstUid + i), ModSeq.of(after.highestModSeq()),
                            ModSeq.of(before.highestModSeq())));
                }
                return appended;
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    /**
     * Appends those of {@code messages} whose receipt keys were not used in this mailbox yet, as
     * one change that also writes their receipts; the others keep what their receipts say.
     */
    List<Delivery> deliverAll(MailboxId mailbox, List<NewMessage> messages, List<String> keys) {
        checkAppendSize(messages.size());
        List<ReceiptSlot> slots = keys.stream().map(ReceiptSlot::of).toList();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            // The state is read first: a receipt committed after this read also moved the state,
            // so the guarded batch below cannot apply on top of it.
            MailboxState before = state.read(mailbox);
            Delivery[] deliveries = new Delivery[messages.size()];
            List<NewMessage> fresh = new ArrayList<>();
            List<Integer> freshIndexes = new ArrayList<>();
            List<Optional<Delivery>> receipts = receipts(mailbox, slots);
            for (int i = 0; i < messages.size(); i++) {
                Optional<Delivery> earlier = receipts.get(i);
                if (earlier.isPresent()) {
                    deliveries[i] = earlier.get();
                } else {
                    fresh.add(messages.get(i));
                    freshIndexes.add(i);
                }
            }
            if (fresh.isEmpty()) {
                return List.of(deliveries);
            }
            MailboxState after = appended(before, fresh);
            long modSeq = after.highestModSeq();
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            for (int n = 0; n < fresh.size(); n++) {
                long uid = before.nextUid() + n;
                ReceiptSlot slot = slots.get(freshIndexes.get(n));
                addMessage(batch, mailbox, fresh.get(n), uid, modSeq);
                batch.addStatement(statements.insertReceipt.bind(mailbox.value(), slot.high(), slot.low(), slot.key(), uid, modSeq));
                deliveries[freshIndexes.get(n)] = new Delivery(Uid.of(uid), ModSeq.of(modSeq), true);
            }
            addToMaps(batch, mailbox, before, fresh, modSeq);
            long firstUid = before.nextUid();
            ReceiptSlot firstSlot = slots.get(freshIndexes.get(0));
            if (applied(statements.session, batch.build(), () -> receipt(mailbox, firstSlot, ConsistencyLevel.LOCAL_SERIAL)
                    .filter(found -> found.uid().value() == firstUid).isPresent())) {
                return List.of(deliveries);
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    /** Every message row is written here, by APPEND, delivery, COPY and MOVE: the time of writing is its save date. */
    private void addMessage(BatchStatementBuilder batch, MailboxId mailbox, NewMessage message, long uid, long modSeq) {
        batch.addStatement(statements.bindInsert(modSeq, new TreeSet<>(message.flags().asStrings()), message, Instant.now(),
                mailbox.value(), uid));
        batch.addStatement(statements.insertChange.bind(mailbox.value(), modSeq, uid, settings.logTtlSeconds()));
    }

    /**
     * Adds {@code messages}, with UIDs from {@code before.nextUid()}, to the mailbox's UID map and flag
     * blocks, those it keeps. The blocks of both are read at once, both after the state the batch is
     * guarded by: one round trip before the write, not two.
     */
    private void addToMaps(BatchStatementBuilder batch, MailboxId mailbox, MailboxState before, List<NewMessage> messages,
                           long modSeq) {
        List<Long> uids = LongStream.range(before.nextUid(), before.nextUid() + messages.size()).boxed().toList();
        CompletableFuture<List<BoundStatement>> uidMap = before.uidBlocks()
                ? uidBlocks.changeAsync(mailbox, uids, true) : CompletableFuture.completedFuture(List.of());
        CompletableFuture<Map<Long, FlagBlock>> flagsRead = before.flagBlocks()
                ? flagBlocks.readAsync(mailbox, uids) : null;
        Cql.await("read UID map", uidMap).forEach(batch::addStatement);
        if (flagsRead != null) {
            Map<Long, FlagBlock> blocks = FlagBlock.covering(uids, Cql.await("read flag blocks", flagsRead));
            for (int i = 0; i < uids.size(); i++) {
                long uid = uids.get(i);
                blocks.get(FlagBlock.blockOf(uid)).put(uid, modSeq, messages.get(i).flags());
            }
            flagBlocks.put(mailbox, blocks.values()).forEach(batch::addStatement);
        }
    }

    private static void awaitWritten(CompletableFuture<Void> written) {
        try {
            written.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static MailboxState appended(MailboxState before, List<NewMessage> messages) {
        long unseenCount = messages.stream().filter(m -> !m.flags().contains(Flag.SEEN)).count();
        long size = messages.stream().mapToLong(NewMessage::size).sum();
        return before.append(messages.size(), unseenCount, size);
    }

    private static void checkAppendSize(int count) {
        if (count < 1 || count > MAX_ATOMIC_APPEND) {
            throw new IllegalArgumentException("append 1 to " + MAX_ATOMIC_APPEND + " messages at once, not " + count);
        }
    }

    /** The receipts under {@code slots}, read at once rather than one after the other. */
    private List<Optional<Delivery>> receipts(MailboxId mailbox, List<ReceiptSlot> slots) {
        List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>(slots.size());
        for (ReceiptSlot slot : slots) {
            reads.add(Cql.call("read delivery receipt", () -> statements.session.executeAsync(statements.selectReceipt
                    .bind(mailbox.value(), slot.high(), slot.low()).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
                    .toCompletableFuture()));
        }
        List<Optional<Delivery>> receipts = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            receipts.add(receiptIn(Cql.await("read delivery receipt", reads.get(i)).one(), slots.get(i)));
        }
        return receipts;
    }

    Optional<Delivery> receipt(MailboxId mailbox, ReceiptSlot slot, ConsistencyLevel consistency) {
        Row row = Cql.call("read delivery receipt", () -> statements.session.execute(statements.selectReceipt
                .bind(mailbox.value(), slot.high(), slot.low()).setConsistencyLevel(consistency)).one());
        return receiptIn(row, slot);
    }

    private static Optional<Delivery> receiptIn(Row row, ReceiptSlot slot) {
        if (row == null) {
            return Optional.empty();
        }
        if (!slot.key().equals(row.getString("delivery_key"))) {
            throw new IllegalStateException("two delivery keys share a 128-bit digest: " + slot.key() + ", "
                    + row.getString("delivery_key"));
        }
        return Optional.of(new Delivery(Uid.of(row.getLong("delivered_uid")), ModSeq.of(row.getLong("modseq")), false));
    }
}
