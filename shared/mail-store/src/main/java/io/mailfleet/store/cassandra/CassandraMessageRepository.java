package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import io.mailfleet.model.MessageId;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.Delivery;
import io.mailfleet.store.mailbox.Expunged;
import io.mailfleet.store.mailbox.FlagsChange;
import io.mailfleet.store.mailbox.MailboxCounters;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.StoredMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Messages in the {@code mailbox_data} partition of their mailbox. Each change is one conditional
 * batch on that partition: the guard on the mailbox state plus the rows it changes.
 */
public final class CassandraMessageRepository implements MessageRepository {

    /** Beyond this many lost races in a row the mailbox is too busy: a temporary failure, not a hang. */
    private static final int MAX_ATTEMPTS = 200;
    /** Expunges are cut into batches of this many UIDs, each its own change, to keep batches small. */
    private static final int EXPUNGE_BATCH = 100;
    private static final String MESSAGE_COLUMNS = "seq, modseq, flags, message_id, blob_key, size, internal_date";

    private final CqlSession session;
    private final MailboxState.Statements state;
    private final PreparedStatement insertMessage;
    private final PreparedStatement updateFlags;
    private final PreparedStatement deleteMessage;
    private final PreparedStatement insertExpunged;
    private final PreparedStatement selectMessages;
    private final PreparedStatement selectMessage;
    private final PreparedStatement selectMessagesIn;
    private final PreparedStatement selectExpunged;
    private final PreparedStatement insertReceipt;
    private final PreparedStatement selectReceipt;
    private final PreparedStatement deleteMailbox;

    public CassandraMessageRepository(CqlSession session) {
        this.session = session;
        this.state = new MailboxState.Statements(session);
        this.insertMessage = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, modseq, flags,"
                + " message_id, blob_key, size, internal_date) VALUES (?, 0, ?, 0, ?, ?, ?, ?, ?, ?)");
        this.updateFlags = session.prepare("UPDATE mailbox_data SET flags = ?, modseq = ?"
                + " WHERE mailbox_id = ? AND kind = 0 AND seq = ? AND expunged_uid = 0 IF modseq = ?");
        this.deleteMessage = session.prepare("DELETE FROM mailbox_data"
                + " WHERE mailbox_id = ? AND kind = 0 AND seq = ? AND expunged_uid = 0 IF modseq = ?");
        this.insertExpunged = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid) VALUES (?, 1, ?, ?)");
        this.selectMessages = session.prepare("SELECT " + MESSAGE_COLUMNS + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0");
        this.selectMessage = session.prepare("SELECT " + MESSAGE_COLUMNS
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq = ? AND expunged_uid = 0");
        this.selectMessagesIn = session.prepare("SELECT " + MESSAGE_COLUMNS
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq IN ?");
        this.selectExpunged = session.prepare("SELECT seq, expunged_uid FROM mailbox_data WHERE mailbox_id = ? AND kind = 1 AND seq > ?");
        this.insertReceipt = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, delivery_key,"
                + " delivered_uid, modseq) VALUES (?, 2, ?, ?, ?, ?, ?) USING TTL " + RECEIPT_LIFETIME.toSeconds());
        this.selectReceipt = session.prepare("SELECT delivery_key, delivered_uid, modseq FROM mailbox_data"
                + " WHERE mailbox_id = ? AND kind = 2 AND seq = ? AND expunged_uid = ?");
        this.deleteMailbox = session.prepare("DELETE FROM mailbox_data WHERE mailbox_id = ?");
    }

    @Override
    public Appended append(MailboxId mailbox, NewMessage message) {
        return appendAll(mailbox, List.of(message)).get(0);
    }

    @Override
    public List<Appended> appendAll(MailboxId mailbox, List<NewMessage> messages) {
        if (messages.isEmpty() || messages.size() > MAX_ATOMIC_APPEND) {
            throw new IllegalArgumentException("append 1 to " + MAX_ATOMIC_APPEND + " messages at once, not " + messages.size());
        }
        long unseenCount = messages.stream().filter(m -> !m.flags().contains(Flag.SEEN)).count();
        long size = messages.stream().mapToLong(NewMessage::size).sum();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MailboxState before = state.read(mailbox);
            MailboxState after = before.append(messages.size(), unseenCount, size);
            long firstUid = before.nextUid();
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            for (int i = 0; i < messages.size(); i++) {
                NewMessage message = messages.get(i);
                batch.addStatement(insertMessage.bind(mailbox.value(), firstUid + i, after.highestModSeq(),
                        new TreeSet<>(message.flags().asStrings()), message.messageId().toString(), message.blobKey(),
                        message.size(), message.internalDate()));
            }
            if (applied(batch.build(), () -> hasMessage(mailbox, firstUid, messages.get(0).messageId()))) {
                ModSeq modSeq = ModSeq.of(after.highestModSeq());
                List<Appended> appended = new ArrayList<>(messages.size());
                for (int i = 0; i < messages.size(); i++) {
                    appended.add(new Appended(Uid.of(firstUid + i), modSeq));
                }
                return appended;
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    @Override
    public Delivery deliver(MailboxId mailbox, NewMessage message, String deliveryKey) {
        ReceiptSlot slot = ReceiptSlot.of(deliveryKey);
        long unseenCount = message.flags().contains(Flag.SEEN) ? 0 : 1;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            // The state is read first: a receipt committed after this read also moved the state,
            // so the guarded batch below cannot apply on top of it.
            MailboxState before = state.read(mailbox);
            Optional<Delivery> earlier = receipt(mailbox, slot, ConsistencyLevel.LOCAL_QUORUM);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            MailboxState after = before.append(1, unseenCount, message.size());
            long uid = before.nextUid();
            long modSeq = after.highestModSeq();
            BatchStatement batch = batch()
                    .addStatement(state.advance(mailbox, before, after))
                    .addStatement(insertMessage.bind(mailbox.value(), uid, modSeq, new TreeSet<>(message.flags().asStrings()),
                            message.messageId().toString(), message.blobKey(), message.size(), message.internalDate()))
                    .addStatement(insertReceipt.bind(mailbox.value(), slot.high(), slot.low(), deliveryKey, uid, modSeq))
                    .build();
            if (applied(batch, () -> receipt(mailbox, slot, ConsistencyLevel.LOCAL_SERIAL)
                    .filter(found -> found.uid().value() == uid).isPresent())) {
                return new Delivery(Uid.of(uid), ModSeq.of(modSeq), true);
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    @Override
    public Optional<Delivery> findDelivery(MailboxId mailbox, String deliveryKey) {
        return receipt(mailbox, ReceiptSlot.of(deliveryKey), ConsistencyLevel.LOCAL_QUORUM);
    }

    private Optional<Delivery> receipt(MailboxId mailbox, ReceiptSlot slot, ConsistencyLevel consistency) {
        Row row = Cql.call("read delivery receipt", () -> session.execute(selectReceipt
                .bind(mailbox.value(), slot.high(), slot.low()).setConsistencyLevel(consistency)).one());
        if (row == null) {
            return Optional.empty();
        }
        if (!slot.key().equals(row.getString("delivery_key"))) {
            throw new IllegalStateException("two delivery keys share a 128-bit digest: " + slot.key() + ", "
                    + row.getString("delivery_key"));
        }
        return Optional.of(new Delivery(Uid.of(row.getLong("delivered_uid")), ModSeq.of(row.getLong("modseq")), false));
    }

    @Override
    public Optional<FlagsChange> updateFlags(MailboxId mailbox, Uid uid, UnaryOperator<Flags> change) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MailboxState before = state.read(mailbox);
            Optional<StoredMessage> current = find(mailbox, uid);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            StoredMessage message = current.get();
            Flags flags = change.apply(message.flags());
            if (flags.equals(message.flags())) {
                return Optional.of(new FlagsChange(flags, message.modSeq(), false));
            }
            long unseenDelta = unseen(message.flags()) - unseen(flags);
            MailboxState after = before.change(-unseenDelta);
            BatchStatement batch = batch()
                    .addStatement(state.advance(mailbox, before, after))
                    .addStatement(updateFlags.bind(new TreeSet<>(flags.asStrings()), after.highestModSeq(),
                            mailbox.value(), uid.value(), message.modSeq().value()))
                    .build();
            long modSeq = after.highestModSeq();
            if (applied(batch, () -> find(mailbox, uid).filter(m -> m.modSeq().value() == modSeq).isPresent())) {
                return Optional.of(new FlagsChange(flags, ModSeq.of(modSeq), true));
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    @Override
    public Optional<ModSeq> expunge(MailboxId mailbox, Collection<Uid> uids) {
        List<Long> sorted = uids.stream().map(Uid::value).distinct().sorted().toList();
        Optional<ModSeq> last = Optional.empty();
        for (int from = 0; from < sorted.size(); from += EXPUNGE_BATCH) {
            List<Long> chunk = sorted.subList(from, Math.min(sorted.size(), from + EXPUNGE_BATCH));
            Optional<ModSeq> modSeq = expungeChunk(mailbox, chunk);
            if (modSeq.isPresent()) {
                last = modSeq;
            }
        }
        return last;
    }

    private Optional<ModSeq> expungeChunk(MailboxId mailbox, List<Long> uids) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MailboxState before = state.read(mailbox);
            List<StoredMessage> present = Cql.call("read messages", () ->
                    session.execute(selectMessagesIn.bind(mailbox.value(), uids)).all().stream().map(this::message).toList());
            if (present.isEmpty()) {
                return Optional.empty();
            }
            long unseenCount = present.stream().filter(m -> !m.flags().contains(Flag.SEEN)).count();
            long bytes = present.stream().mapToLong(StoredMessage::size).sum();
            MailboxState after = before.remove(present.size(), unseenCount, bytes);
            long modSeq = after.highestModSeq();
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            for (StoredMessage message : present) {
                batch.addStatement(deleteMessage.bind(mailbox.value(), message.uid().value(), message.modSeq().value()));
                batch.addStatement(insertExpunged.bind(mailbox.value(), modSeq, message.uid().value()));
            }
            Uid first = present.get(0).uid();
            if (applied(batch.build(), () -> expungedSince(mailbox, ModSeq.of(modSeq - 1)).stream()
                    .anyMatch(e -> e.modSeq().value() == modSeq && e.uid().equals(first)))) {
                return Optional.of(ModSeq.of(modSeq));
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    @Override
    public List<StoredMessage> list(MailboxId mailbox) {
        return Cql.call("list messages", () -> {
            List<StoredMessage> messages = new ArrayList<>();
            for (Row row : session.execute(selectMessages.bind(mailbox.value()))) {
                messages.add(message(row));
            }
            return messages;
        });
    }

    @Override
    public Optional<StoredMessage> find(MailboxId mailbox, Uid uid) {
        Row row = Cql.call("read message", () -> session.execute(selectMessage.bind(mailbox.value(), uid.value())).one());
        return Optional.ofNullable(row).map(this::message);
    }

    @Override
    public List<Expunged> expungedSince(MailboxId mailbox, ModSeq since) {
        return Cql.call("read expunge log", () -> {
            List<Expunged> expunged = new ArrayList<>();
            for (Row row : session.execute(selectExpunged.bind(mailbox.value(), since.value()))) {
                expunged.add(new Expunged(Uid.of(row.getLong("expunged_uid")), ModSeq.of(row.getLong("seq"))));
            }
            return expunged;
        });
    }

    @Override
    public MailboxCounters counters(MailboxId mailbox) {
        return state.read(mailbox).counters();
    }

    @Override
    public void removeAll(MailboxId mailbox) {
        Cql.run("remove mailbox data", () -> session.execute(deleteMailbox.bind(mailbox.value())));
    }

    private StoredMessage message(Row row) {
        return new StoredMessage(Uid.of(row.getLong("seq")), ModSeq.of(row.getLong("modseq")),
                Flags.parse(row.getSet("flags", String.class)), MessageId.parse(row.getString("message_id")),
                row.getString("blob_key"), row.getLong("size"), row.getInstant("internal_date"));
    }

    private boolean hasMessage(MailboxId mailbox, long uid, MessageId messageId) {
        Row row = Cql.call("read message", () -> session.execute(selectMessage.bind(mailbox.value(), uid)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)).one());
        return row != null && messageId.toString().equals(row.getString("message_id"));
    }

    /**
     * Runs a conditional batch. When Cassandra cannot say whether it applied (a Paxos round that
     * timed out), {@code landed} decides after a serial read, which finishes or discards that round.
     */
    private boolean applied(BatchStatement batch, java.util.function.BooleanSupplier landed) {
        try {
            return session.execute(batch).wasApplied();
        } catch (CASWriteUnknownException e) {
            return landed.getAsBoolean();
        } catch (WriteTimeoutException e) {
            if (e.getWriteType() == WriteType.CAS) {
                return landed.getAsBoolean();
            }
            throw new StoreUnavailableException("mailbox change timed out: " + e.getMessage(), e);
        } catch (com.datastax.oss.driver.api.core.servererrors.QueryValidationException bug) {
            throw bug;
        } catch (com.datastax.oss.driver.api.core.DriverException e) {
            throw new StoreUnavailableException("mailbox change failed: " + e.getMessage(), e);
        }
    }

    private static BatchStatementBuilder batch() {
        return BatchStatement.builder(BatchType.UNLOGGED).setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
    }

    private static long unseen(Flags flags) {
        return flags.contains(Flag.SEEN) ? 0 : 1;
    }

    /** Random pauses that grow with the number of lost races, so racing writers stop colliding in step. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(Math.min(attempt, 20) * 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying a mailbox change");
        }
    }

    private static StoreUnavailableException busy(MailboxId mailbox) {
        return new StoreUnavailableException("mailbox " + mailbox + " has too many concurrent changes; try again");
    }
}
