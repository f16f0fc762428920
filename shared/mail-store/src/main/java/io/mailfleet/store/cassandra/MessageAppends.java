package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.TupleType;
import io.mailfleet.model.MessageId;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.Delivery;
import io.mailfleet.store.mailbox.FirstCopyClaim;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.NoSuchMailboxException;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.mailfleet.store.cassandra.ConditionalChanges.MAX_ATTEMPTS;
import static io.mailfleet.store.cassandra.ConditionalChanges.applied;
import static io.mailfleet.store.cassandra.ConditionalChanges.backOff;
import static io.mailfleet.store.cassandra.ConditionalChanges.batch;
import static io.mailfleet.store.cassandra.ConditionalChanges.busy;
import static io.mailfleet.store.mailbox.MessageRepository.MAX_ATOMIC_APPEND;

/** New messages in a mailbox, each group in one change: appends, and deliveries with their receipts and first-copy claims. */
final class MessageAppends {

    private final MessageStatements statements;
    private final MailboxState.Statements state;
    private final MessageReads reads;
    private final UidBlocks uidBlocks;
    private final FlagBlocks flagBlocks;
    private final SortDateBlocks sortDates;
    private final MessageStoreSettings settings;
    private final DeliveryReads deliveryReads;

    /** @param nextUids the next UIDs this process saw, which its changes add to and guess their blocks from */
    MessageAppends(MessageStatements statements, MailboxState.Statements state, MessageReads reads, UidBlocks uidBlocks,
                   FlagBlocks flagBlocks, SortDateBlocks sortDates, MessageStoreSettings settings, NextUids nextUids) {
        this.statements = statements;
        this.state = state;
        this.reads = reads;
        this.uidBlocks = uidBlocks;
        this.flagBlocks = flagBlocks;
        this.sortDates = sortDates;
        this.settings = settings;
        this.deliveryReads = new DeliveryReads(statements.session, nextUids);
    }

    List<Appended> appendAll(MailboxId mailbox, List<NewMessage> messages) {
        return appendAll(mailbox, messages.size(), CompletableFuture.completedFuture(messages));
    }

    /**
     * @param ready the {@code count} messages, made ready by the caller (their bodies and contents stored) while the
     *              change's reads are made; they are needed only to write it
     */
    List<Appended> appendAll(MailboxId mailbox, int count, CompletableFuture<List<NewMessage>> ready) {
        checkAppendSize(count);
        List<NewMessage> messages = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Tail tail;
            MailboxState before;
            DeliveryReads.View view = deliveryReads.read(mailbox, List.of(), List.of(), count);
            if (view != null) {
                // The state and the blocks of the new UIDs in one read, the blocks read after it when the guess fell short.
                before = view.state();
                tail = view.coversNewUids(count) ? new Tail(before, view.uidBlocks(), view.flagBlocks()) : null;
            } else {
                tail = tail(mailbox);
                before = tail != null ? tail.state() : state.read(mailbox);
            }
            if (messages == null) {
                messages = awaitReady(ready, count);
            }
            MailboxState after = appended(before, messages);
            long firstUid = before.nextUid();
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            for (int i = 0; i < messages.size(); i++) {
                addMessage(batch, mailbox, messages.get(i), firstUid + i, after.highestModSeq());
            }
            if (tail != null) {
                addToMaps(batch, mailbox, before, messages, after.highestModSeq(), tail.uidMap(), tail.flagBlocks());
            } else {
                addToMaps(batch, mailbox, before, messages, after.highestModSeq());
            }
            MessageId firstId = messages.get(0).messageId();
            if (applied(statements.session, batch.build(), () -> reads.hasMessage(mailbox, firstUid, firstId))) {
                deliveryReads.remember(mailbox, after.nextUid());
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
        return deliverAll(mailbox, messages, keys, Collections.nCopies(messages.size(), Optional.empty()));
    }

    /**
     * {@link #deliverAll(MailboxId, List, List)}, where a message with a first-copy claim ({@code claims}, in the
     * order of {@code messages}) is not appended when the mailbox holds a claim of the same digest under another
     * message, or an earlier message of the change claims it: it is a retry of that message. The claims of the
     * messages appended are written by the same change, so a writer that appends a retry at the same time loses
     * the race for the state and finds this change's claim when it reads again.
     */
    List<Delivery> deliverAll(MailboxId mailbox, List<NewMessage> messages, List<String> keys,
                              List<Optional<FirstCopyClaim>> claims) {
        checkAppendSize(messages.size());
        List<ReceiptSlot> slots = keys.stream().map(ReceiptSlot::of).toList();
        List<Optional<ClaimSlot>> claimSlots = claims.stream().map(claim -> claim.map(ClaimSlot::of)).toList();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Tail tail;
            MailboxState before;
            Earlier earlier;
            DeliveryReads.View view = deliveryReads.read(mailbox, slots.stream().map(slot -> List.of(slot.high(), slot.low())).toList(),
                    claimSlots.stream().flatMap(Optional::stream).map(slot -> List.of(slot.high(), slot.low())).toList(),
                    messages.size());
            if (view != null) {
                // The state, receipts and claims from one view of the mailbox, and the blocks too when the guess covers.
                before = view.state();
                tail = view.coversNewUids(messages.size()) ? new Tail(before, view.uidBlocks(), view.flagBlocks()) : null;
                earlier = earlierIn(view.rows(), slots);
            } else {
                // The state is read first, with the last blocks of the UID map and flag blocks when they can stand
                // for it: a receipt or claim committed after this read also moved the state, so the guarded batch
                // below cannot apply on top of it. The receipts and claims are read after it, all in one read.
                tail = tail(mailbox);
                // A delivery never makes a state, which would bring a deleted mailbox back where nobody can read it.
                before = tail != null ? tail.state() : state.readIfExists(mailbox);
                if (before == null) {
                    throw new NoSuchMailboxException(mailbox);
                }
                earlier = earlier(mailbox, slots, claimSlots);
            }
            Delivery[] deliveries = new Delivery[messages.size()];
            List<Integer> freshIndexes = new ArrayList<>();
            // A retry of a message this change appends: its index, and the position of that message among the fresh.
            Map<Integer, Integer> retriesOfFresh = new HashMap<>();
            for (int i = 0; i < messages.size(); i++) {
                Optional<Delivery> receipt = earlier.receipts().get(i);
                Optional<ClaimSlot> claim = claimSlots.get(i);
                String messageId = messages.get(i).messageId().toString();
                Optional<Delivery> retryOfStored = claim.flatMap(slot -> earlier.retryOf(slot, messageId));
                OptionalInt claimedHere = claim.isEmpty() ? OptionalInt.empty() : IntStream.range(0, freshIndexes.size())
                        .filter(n -> claimSlots.get(freshIndexes.get(n)).filter(claim.get()::sameDigest).isPresent()).findFirst();
                if (receipt.isPresent()) {
                    deliveries[i] = receipt.get();
                } else if (retryOfStored.isPresent()) {
                    deliveries[i] = retryOfStored.get();
                } else if (claimedHere.isPresent()) {
                    retriesOfFresh.put(i, claimedHere.getAsInt());
                } else {
                    freshIndexes.add(i);
                }
            }
            if (freshIndexes.isEmpty()) {
                return List.of(deliveries);
            }
            List<NewMessage> fresh = freshIndexes.stream().map(messages::get).toList();
            MailboxState after = appended(before, fresh);
            long modSeq = after.highestModSeq();
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            for (int n = 0; n < fresh.size(); n++) {
                long uid = before.nextUid() + n;
                int index = freshIndexes.get(n);
                ReceiptSlot slot = slots.get(index);
                addMessage(batch, mailbox, fresh.get(n), uid, modSeq);
                batch.addStatement(statements.insertReceipt.bind(mailbox.value(), slot.high(), slot.low(), slot.key(), uid, modSeq));
                Optional<ClaimSlot> claim = claimSlots.get(index);
                if (claim.isPresent()) {
                    batch.addStatement(statements.insertClaim.bind(mailbox.value(), claim.get().high(), claim.get().low(),
                            ByteBuffer.wrap(claim.get().digest()), fresh.get(n).messageId().toString(), uid, modSeq,
                            claim.get().ttlSeconds()));
                }
                deliveries[index] = new Delivery(Uid.of(uid), ModSeq.of(modSeq), true);
            }
            retriesOfFresh.forEach((retry, n) -> deliveries[retry] = new Delivery(Uid.of(before.nextUid() + n),
                    ModSeq.of(modSeq), false, Optional.of(fresh.get(n).messageId().toString())));
            if (tail != null) {
                addToMaps(batch, mailbox, before, fresh, modSeq, tail.uidMap(), tail.flagBlocks());
            } else {
                addToMaps(batch, mailbox, before, fresh, modSeq);
            }
            long firstUid = before.nextUid();
            ReceiptSlot firstSlot = slots.get(freshIndexes.get(0));
            if (applied(statements.session, batch.build(), () -> receipt(mailbox, firstSlot, ConsistencyLevel.LOCAL_SERIAL)
                    .filter(found -> found.uid().value() == firstUid).isPresent())) {
                deliveryReads.remember(mailbox, after.nextUid());
                return List.of(deliveries);
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    /**
     * Every message row is written here, by APPEND, delivery, COPY and MOVE: the time of writing is its save date. Its
     * sort date cell goes with it, so that no SORT has to read the row for it.
     */
    private void addMessage(BatchStatementBuilder batch, MailboxId mailbox, NewMessage message, long uid, long modSeq) {
        batch.addStatement(statements.bindInsert(modSeq, new TreeSet<>(message.flags().asStrings()), message, Instant.now(),
                mailbox.value(), uid));
        batch.addStatement(statements.insertChange.bind(mailbox.value(), modSeq, uid, settings.logTtlSeconds()));
        sortDates.cellOf(mailbox, uid, message).ifPresent(batch::addStatement);
    }

    /**
     * The mailbox state with the last block of its UID map and the last of its flag blocks, read at once, or
     * null when they cannot stand for it. The UIDs an append adds are above every UID of the mailbox, so
     * their blocks are these or blocks that have no row. Each read brings the state it saw its block at:
     * when both saw the same state, no change came between the two reads (every change moves the state), so
     * a batch guarded by that state finds both blocks as they were read. When they saw different states,
     * or one found no block (and so no state), the state is read first and the blocks after it.
     */
    private Tail tail(MailboxId mailbox) {
        CompletableFuture<UidBlocks.Read> uidsRead = uidBlocks.readLastAsync(mailbox);
        CompletableFuture<FlagBlocks.Read> flagsRead = flagBlocks.readLastAsync(mailbox);
        UidBlocks.Read uids = Cql.await("read UID map", uidsRead);
        FlagBlocks.Read flags = Cql.await("read flag blocks", flagsRead);
        if (uids.state() == null || !uids.state().equals(flags.state())) {
            return null;
        }
        return new Tail(uids.state(), uids.blocks(), flags.blocks());
    }

    /** A mailbox state and the last blocks of its UID map and its flag blocks, as one view of the mailbox. */
    private record Tail(MailboxState state, Map<Long, byte[]> uidMap, Map<Long, FlagBlock> flagBlocks) {
    }

    /**
     * Adds {@code messages}, with UIDs from {@code before.nextUid()}, to the mailbox's UID map and flag
     * blocks, those it keeps. The blocks of both are read at once, both after the state the batch is
     * guarded by: one round trip before the write, not two.
     */
    private void addToMaps(BatchStatementBuilder batch, MailboxId mailbox, MailboxState before, List<NewMessage> messages,
                           long modSeq) {
        List<Long> uids = newUids(before, messages);
        CompletableFuture<Map<Long, byte[]>> uidsRead = before.uidBlocks()
                ? uidBlocks.readAsync(mailbox, uids) : CompletableFuture.completedFuture(Map.of());
        CompletableFuture<Map<Long, FlagBlock>> flagsRead = before.flagBlocks()
                ? flagBlocks.readAsync(mailbox, uids) : CompletableFuture.completedFuture(Map.of());
        addToMaps(batch, mailbox, before, messages, modSeq, Cql.await("read UID map", uidsRead),
                Cql.await("read flag blocks", flagsRead));
    }

    /** {@link #addToMaps}, with the blocks as read, by number: those of the new UIDs, or a block without a row left out. */
    private void addToMaps(BatchStatementBuilder batch, MailboxId mailbox, MailboxState before, List<NewMessage> messages,
                           long modSeq, Map<Long, byte[]> uidMap, Map<Long, FlagBlock> flagsRead) {
        List<Long> uids = newUids(before, messages);
        if (before.uidBlocks()) {
            uidBlocks.change(mailbox, uidMap, uids, true).forEach(batch::addStatement);
        }
        if (before.flagBlocks()) {
            Map<Long, FlagBlock> blocks = FlagBlock.covering(uids, flagsRead);
            for (int i = 0; i < uids.size(); i++) {
                long uid = uids.get(i);
                blocks.get(FlagBlock.blockOf(uid)).put(uid, modSeq, messages.get(i).flags());
            }
            flagBlocks.put(mailbox, blocks.values()).forEach(batch::addStatement);
        }
    }

    private static List<Long> newUids(MailboxState before, List<NewMessage> messages) {
        return LongStream.range(before.nextUid(), before.nextUid() + messages.size()).boxed().toList();
    }

    private static List<NewMessage> awaitReady(CompletableFuture<List<NewMessage>> ready, int count) {
        List<NewMessage> messages;
        try {
            messages = ready.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        if (messages.size() != count) {
            throw new IllegalArgumentException(messages.size() + " messages made ready for an append of " + count);
        }
        return messages;
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

    /**
     * What the mailbox holds of a change's messages: the receipt under each of their keys, in their order, and
     * the claims of their client digests, by slot.
     */
    private record Earlier(List<Optional<Delivery>> receipts, Map<List<Long>, Row> claims) {

        /** The delivery of the message holding the claim when it is another than {@code messageId}: a retry of it. */
        Optional<Delivery> retryOf(ClaimSlot slot, String messageId) {
            Row row = claims.get(List.of(slot.high(), slot.low()));
            if (row == null || !slot.sameDigest(row.getByteBuffer("client_digest")) || messageId.equals(row.getString("message_id"))) {
                return Optional.empty();
            }
            return Optional.of(new Delivery(Uid.of(row.getLong("delivered_uid")), ModSeq.of(row.getLong("modseq")), false,
                    Optional.of(row.getString("message_id"))));
        }
    }

    /**
     * The receipts under {@code slots} and the claims in {@code claims}, in one read of the rows they would be in
     * rather than one read each.
     */
    private Earlier earlier(MailboxId mailbox, List<ReceiptSlot> slots, List<Optional<ClaimSlot>> claims) {
        TupleType rowKey = (TupleType) ((ListType) statements.selectReceipts.getVariableDefinitions().get(1).getType())
                .getElementType();
        List<TupleValue> rows = new ArrayList<>(slots.stream().distinct()
                .map(slot -> rowKey.newValue(DeliveryReads.RECEIPT, slot.high(), slot.low())).toList());
        claims.stream().flatMap(Optional::stream).map(slot -> List.of(slot.high(), slot.low())).distinct()
                .forEach(slot -> rows.add(rowKey.newValue(DeliveryReads.CLAIM, slot.get(0), slot.get(1))));
        List<Row> read = new ArrayList<>();
        Cql.run("read delivery receipts", () -> statements.session.execute(statements.selectReceipts.bind(mailbox.value(), rows)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)).forEach(read::add));
        return earlierIn(read, slots);
    }

    /** The receipts under {@code slots} and the claims among {@code rows}, rows of the mailbox's partition of any kind. */
    private static Earlier earlierIn(List<Row> rows, List<ReceiptSlot> slots) {
        Map<List<Long>, Row> receipts = new HashMap<>();
        Map<List<Long>, Row> claimed = new HashMap<>();
        for (Row row : rows) {
            byte kind = row.getByte("kind");
            if (kind == DeliveryReads.RECEIPT || kind == DeliveryReads.CLAIM) {
                (kind == DeliveryReads.CLAIM ? claimed : receipts).put(List.of(row.getLong("seq"), row.getLong("expunged_uid")), row);
            }
        }
        List<Optional<Delivery>> found = new ArrayList<>(slots.size());
        for (ReceiptSlot slot : slots) {
            found.add(receiptIn(receipts.get(List.of(slot.high(), slot.low())), slot));
        }
        return new Earlier(found, claimed);
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
