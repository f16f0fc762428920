package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
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
import io.mailfleet.store.mailbox.ChangesSince;
import io.mailfleet.store.mailbox.Copied;
import io.mailfleet.store.mailbox.Delivery;
import io.mailfleet.store.mailbox.Expunged;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.FlagsChange;
import io.mailfleet.store.mailbox.MailboxCounters;
import io.mailfleet.store.mailbox.MailboxSnapshot;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.SearchFacts;
import io.mailfleet.store.mailbox.StoreResult;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.store.mailbox.UidList;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Messages in the {@code mailbox_data} partition of their mailbox. Each change is one conditional
 * batch on that partition: the guard on the mailbox state plus the rows it changes, including its
 * entries in the change or expunge log. Bulk changes are cut into chunks, one batch each.
 */
public final class CassandraMessageRepository implements MessageRepository {

    /** Beyond this many lost races in a row the mailbox is too busy: a temporary failure, not a hang. */
    private static final int MAX_ATTEMPTS = 200;
    /** Expunges are cut into batches of this many UIDs, each its own change, to keep batches small. */
    private static final int EXPUNGE_BATCH = 100;
    /** Flag changes are cut into batches of this many UIDs: one Paxos round for each. */
    private static final int STORE_BATCH = 500;
    /** Log entries read for one page of changes; larger than any group of entries sharing a MODSEQ. */
    private static final int CHANGES_PAGE = 1000;
    private static final int UID_PAGE = 10_000;
    private static final int CONTENT_BATCH = 100;
    private static final String MESSAGE_COLUMNS = "seq, modseq, flags, message_id, blob_key, size, internal_date";
    private static final String MESSAGE_ROW = " WHERE mailbox_id = ? AND kind = 0 AND seq = ? AND expunged_uid = 0";

    private final CqlSession session;
    private final MessageStoreSettings settings;
    private final MailboxState.Statements state;
    private final MessageMoves moves;
    private final PreparedStatement insertMessage;
    private final PreparedStatement setModSeq;
    private final PreparedStatement addFlags;
    private final PreparedStatement removeFlags;
    private final PreparedStatement deleteMessages;
    private final PreparedStatement insertExpunged;
    private final PreparedStatement insertChange;
    private final PreparedStatement selectMessages;
    private final PreparedStatement selectMessage;
    private final PreparedStatement selectMessagesIn;
    private final PreparedStatement selectRange;
    private final PreparedStatement selectUids;
    private final PreparedStatement selectUidBelow;
    private final PreparedStatement selectUidAbove;
    private final PreparedStatement selectExpunged;
    private final PreparedStatement selectExpungedPage;
    private final PreparedStatement selectChangesPage;
    private final PreparedStatement selectLogged;
    private final PreparedStatement selectContents;
    private final PreparedStatement insertReceipt;
    private final PreparedStatement selectReceipt;
    private final PreparedStatement deleteMailbox;

    public CassandraMessageRepository(CqlSession session) {
        this(session, MessageStoreSettings.DEFAULTS);
    }

    public CassandraMessageRepository(CqlSession session, MessageStoreSettings settings) {
        this.session = session;
        this.settings = settings;
        this.state = new MailboxState.Statements(session);
        this.moves = new MessageMoves(session);
        this.insertMessage = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, modseq, flags,"
                + " message_id, blob_key, size, internal_date) VALUES (?, 0, ?, 0, ?, ?, ?, ?, ?, ?)");
        // Flags change by adding and removing elements, never by overwriting the set: an overwrite
        // leaves a tombstone in the row each time, and +FLAGS, the common STORE, then leaves none.
        this.setModSeq = session.prepare("UPDATE mailbox_data SET modseq = ?" + MESSAGE_ROW);
        this.addFlags = session.prepare("UPDATE mailbox_data SET flags = flags + ?" + MESSAGE_ROW);
        this.removeFlags = session.prepare("UPDATE mailbox_data SET flags = flags - ?" + MESSAGE_ROW);
        this.deleteMessages = session.prepare("DELETE FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq >= ? AND seq <= ?");
        this.insertExpunged = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid) VALUES (?, 1, ?, ?) USING TTL ?");
        this.insertChange = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid) VALUES (?, 3, ?, ?) USING TTL ?");
        this.selectMessages = session.prepare("SELECT " + MESSAGE_COLUMNS + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0");
        this.selectMessage = session.prepare("SELECT " + MESSAGE_COLUMNS + " FROM mailbox_data" + MESSAGE_ROW);
        this.selectMessagesIn = session.prepare("SELECT " + MESSAGE_COLUMNS
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq IN ?");
        this.selectRange = session.prepare("SELECT " + MESSAGE_COLUMNS
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq >= ? AND seq <= ? LIMIT ?");
        this.selectUids = session.prepare("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind = 0");
        this.selectUidBelow = session.prepare("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq < ?"
                + " ORDER BY kind DESC, seq DESC LIMIT 1");
        this.selectUidAbove = session.prepare("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq > ? LIMIT 1");
        this.selectExpunged = session.prepare("SELECT seq, expunged_uid FROM mailbox_data WHERE mailbox_id = ? AND kind = 1 AND seq > ?");
        this.selectExpungedPage = session.prepare("SELECT seq, expunged_uid FROM mailbox_data"
                + " WHERE mailbox_id = ? AND kind = 1 AND seq > ? LIMIT ?");
        this.selectChangesPage = session.prepare("SELECT seq, expunged_uid FROM mailbox_data"
                + " WHERE mailbox_id = ? AND kind = 3 AND seq > ? LIMIT ?");
        this.selectLogged = session.prepare("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind IN (1, 3) AND seq = ? LIMIT 1");
        this.selectContents = session.prepare("SELECT blob_key, size, envelope, body_structure, header_index, sections"
                + " FROM message_content WHERE blob_key IN ?");
        this.insertReceipt = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, delivery_key,"
                + " delivered_uid, modseq) VALUES (?, 2, ?, ?, ?, ?, ?) USING TTL " + RECEIPT_LIFETIME.toSeconds());
        this.selectReceipt = session.prepare("SELECT delivery_key, delivered_uid, modseq FROM mailbox_data"
                + " WHERE mailbox_id = ? AND kind = 2 AND seq = ? AND expunged_uid = ?");
        this.deleteMailbox = session.prepare("DELETE FROM mailbox_data WHERE mailbox_id = ?");
    }

    // ---- appends and deliveries

    @Override
    public Appended append(MailboxId mailbox, NewMessage message) {
        return appendAll(mailbox, List.of(message)).get(0);
    }

    @Override
    public List<Appended> appendAll(MailboxId mailbox, List<NewMessage> messages) {
        checkAppendSize(messages.size());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MailboxState before = state.read(mailbox);
            MailboxState after = appended(before, messages);
            long firstUid = before.nextUid();
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            for (int i = 0; i < messages.size(); i++) {
                addMessage(batch, mailbox, messages.get(i), firstUid + i, after.highestModSeq());
            }
            if (applied(batch.build(), () -> hasMessage(mailbox, firstUid, messages.get(0).messageId()))) {
                List<Appended> appended = new ArrayList<>(messages.size());
                for (int i = 0; i < messages.size(); i++) {
                    appended.add(new Appended(Uid.of(firstUid + i), ModSeq.of(after.highestModSeq())));
                }
                return appended;
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    @Override
    public Delivery deliver(MailboxId mailbox, NewMessage message, String deliveryKey) {
        return deliverAll(mailbox, List.of(message), List.of(deliveryKey)).get(0);
    }

    /**
     * Appends those of {@code messages} whose receipt keys were not used in this mailbox yet, as
     * one change that also writes their receipts; the others keep what their receipts say.
     */
    private List<Delivery> deliverAll(MailboxId mailbox, List<NewMessage> messages, List<String> keys) {
        checkAppendSize(messages.size());
        List<ReceiptSlot> slots = keys.stream().map(ReceiptSlot::of).toList();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            // The state is read first: a receipt committed after this read also moved the state,
            // so the guarded batch below cannot apply on top of it.
            MailboxState before = state.read(mailbox);
            Delivery[] deliveries = new Delivery[messages.size()];
            List<NewMessage> fresh = new ArrayList<>();
            List<Integer> freshIndexes = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                Optional<Delivery> earlier = receipt(mailbox, slots.get(i), ConsistencyLevel.LOCAL_QUORUM);
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
                batch.addStatement(insertReceipt.bind(mailbox.value(), slot.high(), slot.low(), slot.key(), uid, modSeq));
                deliveries[freshIndexes.get(n)] = new Delivery(Uid.of(uid), ModSeq.of(modSeq), true);
            }
            long firstUid = before.nextUid();
            ReceiptSlot firstSlot = slots.get(freshIndexes.get(0));
            if (applied(batch.build(), () -> receipt(mailbox, firstSlot, ConsistencyLevel.LOCAL_SERIAL)
                    .filter(found -> found.uid().value() == firstUid).isPresent())) {
                return List.of(deliveries);
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    private void addMessage(BatchStatementBuilder batch, MailboxId mailbox, NewMessage message, long uid, long modSeq) {
        batch.addStatement(insertMessage.bind(mailbox.value(), uid, modSeq, new TreeSet<>(message.flags().asStrings()),
                message.messageId().toString(), message.blobKey(), message.size(), message.internalDate()));
        batch.addStatement(insertChange.bind(mailbox.value(), modSeq, uid, settings.logTtlSeconds()));
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

    // ---- flag changes

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
            MailboxState after = before.change(unseen(flags) - unseen(message.flags()));
            long modSeq = after.highestModSeq();
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            addFlagChange(batch, mailbox, message, flags, modSeq);
            if (applied(batch.build(), () -> modSeqNow(mailbox, uid) == modSeq)) {
                return Optional.of(new FlagsChange(flags, ModSeq.of(modSeq), true));
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    @Override
    public StoreResult store(MailboxId mailbox, Collection<Uid> uids, FlagUpdate update, Optional<ModSeq> unchangedSince) {
        List<StoreResult.Updated> updated = new ArrayList<>();
        List<Uid> modified = new ArrayList<>();
        for (List<Long> chunk : chunks(sortedDistinct(uids), STORE_BATCH)) {
            StoreResult result = storeChunk(mailbox, chunk, update, unchangedSince);
            updated.addAll(result.updated());
            modified.addAll(result.modified());
        }
        return new StoreResult(updated, modified);
    }

    private StoreResult storeChunk(MailboxId mailbox, List<Long> uids, FlagUpdate update, Optional<ModSeq> unchangedSince) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MailboxState before = state.read(mailbox);
            List<StoreResult.Updated> updated = new ArrayList<>();
            List<Uid> modified = new ArrayList<>();
            List<BoundStatement> changes = new ArrayList<>();
            long modSeq = before.highestModSeq();
            long unseenDelta = 0;
            for (StoredMessage message : readChunk(mailbox, uids)) {
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
                updated.add(new StoreResult.Updated(message.uid(), flags, ModSeq.of(modSeq)));
            }
            if (updated.isEmpty()) {
                return new StoreResult(updated, modified);
            }
            MailboxState after = before.change(updated.size(), unseenDelta);
            StoreResult.Updated first = updated.get(0);
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            changes.forEach(batch::addStatement);
            if (applied(batch.build(), () -> modSeqNow(mailbox, first.uid()) == first.modSeq().value())) {
                return new StoreResult(updated, modified);
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    private void addFlagChange(BatchStatementBuilder batch, MailboxId mailbox, StoredMessage message, Flags flags, long modSeq) {
        flagChange(mailbox, message, flags, modSeq).forEach(batch::addStatement);
    }

    /** The statements that give one message new flags under {@code modSeq} and log it. */
    private List<BoundStatement> flagChange(MailboxId mailbox, StoredMessage message, Flags flags, long modSeq) {
        long uid = message.uid().value();
        List<BoundStatement> statements = new ArrayList<>(4);
        statements.add(setModSeq.bind(modSeq, mailbox.value(), uid));
        Flags added = flags.without(message.flags());
        Flags removed = message.flags().without(flags);
        if (!added.isEmpty()) {
            statements.add(addFlags.bind(new TreeSet<>(added.asStrings()), mailbox.value(), uid));
        }
        if (!removed.isEmpty()) {
            statements.add(removeFlags.bind(new TreeSet<>(removed.asStrings()), mailbox.value(), uid));
        }
        statements.add(insertChange.bind(mailbox.value(), modSeq, uid, settings.logTtlSeconds()));
        return statements;
    }

    private long modSeqNow(MailboxId mailbox, Uid uid) {
        Row row = Cql.call("read message", () -> session.execute(selectMessage.bind(mailbox.value(), uid.value())
                .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)).one());
        return row == null ? -1 : row.getLong("modseq");
    }

    // ---- expunges

    @Override
    public Optional<ModSeq> expunge(MailboxId mailbox, Collection<Uid> uids) {
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
            List<StoredMessage> live = rangeRows(mailbox, first, last, readLimit + 1);
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
            for (long[] gap : gaps(live, wanted, liveBelow(mailbox, first), liveAbove(mailbox, last, before.nextUid()))) {
                batch.addStatement(deleteMessages.bind(mailbox.value(), gap[0], gap[1]));
            }
            for (StoredMessage message : doomed) {
                batch.addStatement(insertExpunged.bind(mailbox.value(), modSeq, message.uid().value(), settings.logTtlSeconds()));
            }
            Uid firstDoomed = doomed.get(0).uid();
            if (applied(batch.build(), () -> expungedSince(mailbox, ModSeq.of(modSeq - 1)).stream()
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

    /** The UID of the live message just below {@code uid}, or 0. */
    private long liveBelow(MailboxId mailbox, long uid) {
        Row row = Cql.call("read messages", () -> session.execute(selectUidBelow.bind(mailbox.value(), uid)).one());
        return row == null ? 0 : row.getLong("seq");
    }

    /** The UID of the live message just above {@code uid}, or {@code nextUid}. */
    private long liveAbove(MailboxId mailbox, long uid, long nextUid) {
        Row row = Cql.call("read messages", () -> session.execute(selectUidAbove.bind(mailbox.value(), uid)).one());
        return row == null ? nextUid : row.getLong("seq");
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

    // ---- reads

    @Override
    public List<StoredMessage> list(MailboxId mailbox) {
        resumeMoves(mailbox);
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
    public MailboxCounters counters(MailboxId mailbox) {
        return state.read(mailbox).counters();
    }

    @Override
    public MailboxSnapshot open(MailboxId mailbox) {
        resumeMoves(mailbox);
        MailboxState current = state.read(mailbox);
        UidList.Builder uids = new UidList.Builder();
        Cql.run("read UIDs", () -> {
            for (Row row : session.execute(selectUids.bind(mailbox.value()).setPageSize(UID_PAGE))) {
                long uid = row.getLong("seq");
                if (uid >= current.nextUid()) {
                    break;
                }
                uids.add(Uid.of(uid));
            }
        });
        return new MailboxSnapshot(current.counters(), uids.build());
    }

    @Override
    public Optional<Uid> firstUnseen(MailboxId mailbox) {
        return Cql.call("read flags", () -> {
            for (Row row : session.execute(selectMessages.bind(mailbox.value()).setPageSize(1000))) {
                if (!row.getSet("flags", String.class).contains(Flag.SEEN.name())) {
                    return Optional.of(Uid.of(row.getLong("seq")));
                }
            }
            return Optional.<Uid>empty();
        });
    }

    @Override
    public List<StoredMessage> range(MailboxId mailbox, Uid first, Uid last, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return rangeRows(mailbox, first.value(), last.value(), limit);
    }

    @Override
    public void removeAll(MailboxId mailbox) {
        Cql.run("remove mailbox data", () -> session.execute(deleteMailbox.bind(mailbox.value())));
    }

    private List<StoredMessage> rangeRows(MailboxId mailbox, long first, long last, int limit) {
        return Cql.call("read messages", () -> session.execute(selectRange.bind(mailbox.value(), first, last, limit))
                .all().stream().map(this::message).toList());
    }

    @Override
    public List<StoredMessage> findAll(MailboxId mailbox, Collection<Uid> uids) {
        List<StoredMessage> found = new ArrayList<>();
        for (List<Long> chunk : chunks(sortedDistinct(uids), STORE_BATCH)) {
            found.addAll(readChunk(mailbox, chunk));
        }
        return found;
    }

    /** The existing messages among ascending {@code uids}: a slice when they are dense, else a lookup by key. */
    private List<StoredMessage> readChunk(MailboxId mailbox, List<Long> uids) {
        long first = uids.get(0);
        long last = uids.get(uids.size() - 1);
        if (last - first < 2L * uids.size()) {
            Set<Long> wanted = new HashSet<>(uids);
            return rangeRows(mailbox, first, last, (int) (last - first + 1)).stream()
                    .filter(m -> wanted.contains(m.uid().value())).toList();
        }
        return Cql.call("read messages", () -> session.execute(selectMessagesIn.bind(mailbox.value(), uids))
                .all().stream().map(this::message).sorted(Comparator.comparing(StoredMessage::uid)).toList());
    }

    @Override
    public ChangesSince changesSince(MailboxId mailbox, ModSeq since) {
        MailboxState current = state.read(mailbox);
        if (current.highestModSeq() <= since.value()) {
            return new ChangesSince.Changes(since, since, List.of(), List.of(), false);
        }
        List<long[]> changes = logPage(selectChangesPage, mailbox, since);
        List<long[]> expunges = logPage(selectExpungedPage, mailbox, since);
        long upTo = current.highestModSeq();
        // A full page ends the span before its last MODSEQ, whose entries may go on past the page.
        for (List<long[]> page : List.of(changes, expunges)) {
            if (page.size() > CHANGES_PAGE) {
                upTo = Math.min(upTo, page.get(CHANGES_PAGE)[0] - 1);
            }
        }
        if (!logged(mailbox, since.value() + 1)) {
            return new ChangesSince.ResyncRequired(since);
        }
        long end = upTo;
        Map<Long, Long> loggedModSeqs = new LinkedHashMap<>();
        changes.stream().filter(entry -> entry[0] <= end).forEach(entry -> loggedModSeqs.put(entry[1], entry[0]));
        // A message changed again later is reported with its later change, in a later span if need be.
        List<StoredMessage> changed = findAll(mailbox, loggedModSeqs.keySet().stream().map(Uid::of).toList()).stream()
                .filter(m -> loggedModSeqs.get(m.uid().value()) == m.modSeq().value())
                .sorted(Comparator.comparing(StoredMessage::modSeq))
                .toList();
        List<Expunged> expunged = expunges.stream().filter(entry -> entry[0] <= end)
                .map(entry -> new Expunged(Uid.of(entry[1]), ModSeq.of(entry[0]))).toList();
        return new ChangesSince.Changes(since, ModSeq.of(upTo), changed, expunged, upTo < current.highestModSeq());
    }

    /** Up to one more than a page of (MODSEQ, UID) log entries after {@code since}. */
    private List<long[]> logPage(PreparedStatement statement, MailboxId mailbox, ModSeq since) {
        return Cql.call("read change log", () -> session.execute(statement.bind(mailbox.value(), since.value(), CHANGES_PAGE + 1))
                .all().stream().map(row -> new long[] {row.getLong("seq"), row.getLong("expunged_uid")}).toList());
    }

    /**
     * Whether the logs still hold the change numbered {@code modSeq}. Checked after reading them:
     * entries expire oldest first, so when this one is still there, none read after it was gone.
     */
    private boolean logged(MailboxId mailbox, long modSeq) {
        return Cql.call("read change log", () -> session.execute(selectLogged.bind(mailbox.value(), modSeq)).one() != null);
    }

    @Override
    public List<SearchFacts> searchFacts(MailboxId mailbox, Uid first, Uid last, int limit) {
        List<StoredMessage> messages = range(mailbox, first, last, limit);
        Map<String, MessageContent> contents = new HashMap<>();
        List<String> keys = messages.stream().map(StoredMessage::blobKey).distinct().toList();
        for (List<String> chunk : chunks(keys, CONTENT_BATCH)) {
            Cql.run("read message content", () -> {
                for (Row row : session.execute(selectContents.bind(chunk))) {
                    contents.put(row.getString("blob_key"), new MessageContent(row.getString("blob_key"), row.getLong("size"),
                            row.getString("envelope"), row.getString("body_structure"), row.getString("header_index"),
                            row.getString("sections")));
                }
            });
        }
        return messages.stream().map(m -> new SearchFacts(m, Optional.ofNullable(contents.get(m.blobKey())))).toList();
    }

    // ---- copies and moves

    @Override
    public List<Copied> copy(MailboxId source, MailboxId target, Collection<Uid> uids) {
        List<Copied> copied = new ArrayList<>();
        for (List<Long> chunk : chunks(sortedDistinct(uids), MAX_ATOMIC_APPEND)) {
            List<StoredMessage> originals = readChunk(source, chunk);
            if (originals.isEmpty()) {
                continue;
            }
            List<Appended> copies = appendAll(target, originals.stream().map(CassandraMessageRepository::copyOf).toList());
            for (int i = 0; i < originals.size(); i++) {
                copied.add(new Copied(originals.get(i).uid(), copies.get(i).uid()));
            }
        }
        return copied;
    }

    /**
     * A move runs chunk by chunk, each in four steps that are each safe to repeat: (1) an intent
     * row names the chunk; (2) the messages are copied into the target with receipts keyed by the
     * intent and the source UID; (3) they are expunged from the source; (4) the intent is removed.
     * An instance that dies after (1) leaves the intent; the next {@link #open} or {@link #list} of
     * the source repeats (2) to (4): the receipts stop a second copy of what was copied, and the
     * expunge removes what is left. Before (3) the message is only in the source as far as any
     * client of the source can tell; once a move returns, it is only in the target.
     */
    @Override
    public List<Copied> move(MailboxId source, MailboxId target, Collection<Uid> uids) {
        return move(source, target, uids, () -> { });
    }

    /** The move, calling {@code afterEachStep} after each of its steps: where a test kills the process. */
    List<Copied> move(MailboxId source, MailboxId target, Collection<Uid> uids, Runnable afterEachStep) {
        List<Copied> moved = new ArrayList<>();
        for (List<Long> chunk : chunks(sortedDistinct(uids), MAX_ATOMIC_APPEND)) {
            MessageMoves.Intent intent = moves.record(source, target, chunk);
            afterEachStep.run();
            moved.addAll(copyMoved(intent));
            afterEachStep.run();
            expungeMoved(intent);
            afterEachStep.run();
            moves.resolve(intent);
            afterEachStep.run();
        }
        return moved;
    }

    /** Step 2 of a move chunk: copies what is still in the source, each once whatever the repeats. */
    private List<Copied> copyMoved(MessageMoves.Intent intent) {
        List<StoredMessage> originals = readChunk(intent.source(), intent.uids());
        if (originals.isEmpty()) {
            return List.of();
        }
        List<Delivery> copies = deliverAll(intent.target(), originals.stream().map(CassandraMessageRepository::copyOf).toList(),
                originals.stream().map(m -> intent.receiptKey(m.uid().value())).toList());
        List<Copied> copied = new ArrayList<>(originals.size());
        for (int i = 0; i < originals.size(); i++) {
            copied.add(new Copied(originals.get(i).uid(), copies.get(i).uid()));
        }
        return copied;
    }

    /** Step 3 of a move chunk. */
    private void expungeMoved(MessageMoves.Intent intent) {
        expunge(intent.source(), intent.uids().stream().map(Uid::of).toList());
    }

    /** Finishes the moves out of {@code source} that were left unfinished for longer than a live move takes. */
    private void resumeMoves(MailboxId source) {
        Instant startedBefore = Instant.now().minus(settings.moveResumeAfter());
        for (MessageMoves.Intent intent : moves.pending(source)) {
            if (!intent.startedAt().isAfter(startedBefore)) {
                copyMoved(intent);
                expungeMoved(intent);
                moves.resolve(intent);
            }
        }
    }

    private static NewMessage copyOf(StoredMessage message) {
        return new NewMessage(message.messageId(), message.blobKey(), message.size(), message.internalDate(), message.flags());
    }

    // ---- common

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

    private static List<Long> sortedDistinct(Collection<Uid> uids) {
        return uids.stream().map(Uid::value).distinct().sorted().toList();
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
    }

    /**
     * Runs a conditional batch. When Cassandra cannot say whether it applied (a Paxos round that
     * timed out), {@code landed} decides after a serial read, which finishes or discards that round.
     */
    private boolean applied(BatchStatement batch, BooleanSupplier landed) {
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
