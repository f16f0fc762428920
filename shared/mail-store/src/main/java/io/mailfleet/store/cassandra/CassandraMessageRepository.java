package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.blob.BlobPins;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.ChangesSince;
import io.mailfleet.store.mailbox.Copied;
import io.mailfleet.store.mailbox.DateFacts;
import io.mailfleet.store.mailbox.Delivery;
import io.mailfleet.store.mailbox.ExpungeResult;
import io.mailfleet.store.mailbox.Expunged;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.FlagsChange;
import io.mailfleet.store.mailbox.MailboxCounters;
import io.mailfleet.store.mailbox.MailboxSnapshot;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.ReopenedSince;
import io.mailfleet.store.mailbox.SearchFacts;
import io.mailfleet.store.mailbox.SearchRow;
import io.mailfleet.store.mailbox.SnapshotWithUnseen;
import io.mailfleet.store.mailbox.TextRow;
import io.mailfleet.store.mailbox.SortFacts;
import io.mailfleet.store.mailbox.StoreResult;
import io.mailfleet.store.mailbox.StoredMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Messages in the {@code mailbox_data} partition of their mailbox. Each change is one conditional
 * batch on that partition: the guard on the mailbox state plus the rows it changes, including its
 * entries in the change or expunge log. Bulk changes are cut into chunks, one batch each. The work
 * is split by kind: {@link MessageReads}, {@link MessageAppends}, {@link FlagChanges},
 * {@link Expunges} and {@link MessageCopies}; appends and expunges also keep the compact UID map
 * ({@link UidBlocks}) that opening a mailbox reads.
 */
public final class CassandraMessageRepository implements MessageRepository {

    /** A copy refers to the blobs it pinned within seconds; the hour leaves room for its retries. */
    private static final Duration COPY_PIN_LIFETIME = Duration.ofHours(1);
    /** How long a copy waits for the collector to finish deleting a blob it pinned too late. */
    private static final Duration WAIT_FOR_DELETION = Duration.ofSeconds(30);

    private final MessageStatements statements;
    private final MailboxState.Statements state;
    private final MessageMoves moves;
    private final MessageReads reads;
    private final SortDateBlocks sortDates;
    private final MessageAppends appends;
    private final FlagChanges flags;
    private final Expunges expunges;
    private final MessageCopies copies;
    /** The messages this process marked {@code \Deleted}, whose rows an expunge reads with its flag blocks. */
    private final DeletedMarks deletedMarks = new DeletedMarks();

    public CassandraMessageRepository(CqlSession session) {
        this(session, MessageStoreSettings.DEFAULTS);
    }

    public CassandraMessageRepository(CqlSession session, MessageStoreSettings settings) {
        this(session, settings, new CassandraBlobPins(session, COPY_PIN_LIFETIME, WAIT_FOR_DELETION));
    }

    /** @param copyPins pins the blobs that COPY and MOVE are about to refer to */
    public CassandraMessageRepository(CqlSession session, MessageStoreSettings settings, BlobPins copyPins) {
        this.statements = new MessageStatements(session);
        this.state = new MailboxState.Statements(session);
        this.moves = new MessageMoves(session);
        UidBlocks uidBlocks = new UidBlocks(session);
        FlagBlocks flagBlocks = new FlagBlocks(session);
        NextUids nextUids = new NextUids();
        this.reads = new MessageReads(statements, state, uidBlocks, flagBlocks, nextUids, moves);
        this.sortDates = new SortDateBlocks(session);
        this.appends = new MessageAppends(statements, state, reads, uidBlocks, flagBlocks, sortDates, settings, nextUids);
        this.flags = new FlagChanges(statements, state, reads, flagBlocks, settings);
        this.expunges = new Expunges(statements, state, reads, uidBlocks, flagBlocks, settings, deletedMarks);
        this.copies = new MessageCopies(reads, appends, expunges, moves, copyPins, settings);
    }

    @Override
    public Appended append(MailboxId mailbox, NewMessage message) {
        return appendAll(mailbox, List.of(message)).get(0);
    }

    @Override
    public List<Appended> appendAll(MailboxId mailbox, List<NewMessage> messages) {
        return appends.appendAll(mailbox, messages);
    }

    @Override
    public List<Appended> appendAll(MailboxId mailbox, int count, CompletableFuture<List<NewMessage>> ready) {
        return appends.appendAll(mailbox, count, ready);
    }

    @Override
    public Delivery deliver(MailboxId mailbox, NewMessage message, String deliveryKey) {
        return appends.deliverAll(mailbox, List.of(message), List.of(deliveryKey)).get(0);
    }

    @Override
    public List<Delivery> deliverAll(MailboxId mailbox, List<KeyedMessage> deliveries) {
        List<String> keys = deliveries.stream().map(KeyedMessage::deliveryKey).toList();
        if (new HashSet<>(keys).size() != keys.size()) {
            // Two unreceipted messages under one key would both be stored.
            throw new IllegalArgumentException("delivery keys repeat: " + keys);
        }
        return appends.deliverAll(mailbox, deliveries.stream().map(KeyedMessage::message).toList(), keys,
                deliveries.stream().map(KeyedMessage::claim).toList());
    }

    @Override
    public Optional<Delivery> findDelivery(MailboxId mailbox, String deliveryKey) {
        return appends.receipt(mailbox, ReceiptSlot.of(deliveryKey), ConsistencyLevel.LOCAL_QUORUM);
    }

    @Override
    public Optional<FlagsChange> updateFlags(MailboxId mailbox, Uid uid, UnaryOperator<Flags> change) {
        Optional<FlagsChange> changed = flags.updateFlags(mailbox, uid, change);
        changed.ifPresent(done -> remember(mailbox, List.of(new StoreResult.Updated(uid, done.flags(), done.modSeq()))));
        return changed;
    }

    @Override
    public StoreResult store(MailboxId mailbox, Collection<Uid> uids, FlagUpdate update, Optional<ModSeq> unchangedSince) {
        StoreResult result = flags.store(mailbox, uids, update, unchangedSince);
        remember(mailbox, result.updated());
        return result;
    }

    /** Which messages a change of flags marked {@code \Deleted} and which it unmarked, for the expunges that may follow. */
    private void remember(MailboxId mailbox, List<StoreResult.Updated> updated) {
        List<Long> marked = new ArrayList<>();
        List<Long> unmarked = new ArrayList<>();
        for (StoreResult.Updated one : updated) {
            (one.flags().contains(Flag.DELETED) ? marked : unmarked).add(one.uid().value());
        }
        deletedMarks.forget(mailbox, unmarked);
        deletedMarks.marked(mailbox, marked);
    }

    @Override
    public Optional<ModSeq> expunge(MailboxId mailbox, Collection<Uid> uids) {
        return expunges.expunge(mailbox, uids);
    }

    @Override
    public ExpungeResult expungeDeleted(MailboxId mailbox, Collection<Uid> uids, Optional<Uid> andFrom) {
        return expunges.expungeDeleted(mailbox, uids, andFrom);
    }

    @Override
    public List<Expunged> expungedSince(MailboxId mailbox, ModSeq since) {
        return reads.expungedSince(mailbox, since);
    }

    @Override
    public List<StoredMessage> list(MailboxId mailbox) {
        // As open: the moves' intents read beside the list, and the list read again after finishing one.
        CompletableFuture<List<MessageMoves.Intent>> pending = moves.pendingAsync(mailbox);
        List<StoredMessage> listed = reads.list(mailbox);
        return copies.resume(Cql.await("read moves", pending)) ? reads.list(mailbox) : listed;
    }

    @Override
    public Optional<StoredMessage> find(MailboxId mailbox, Uid uid) {
        return reads.find(mailbox, uid);
    }

    @Override
    public MailboxCounters counters(MailboxId mailbox) {
        return state.read(mailbox).counters();
    }

    @Override
    public Map<MailboxId, MailboxCounters> counters(Collection<MailboxId> mailboxes) {
        return state.counters(List.copyOf(new LinkedHashSet<>(mailboxes)));
    }

    @Override
    public MailboxSnapshot open(MailboxId mailbox) {
        // The intents of moves out of the mailbox are read only when its marks say there may be one, or beside an open
        // that reads no mark; the open is read again after finishing one, which changed the mailbox.
        MessageReads.WithMoves<MailboxSnapshot> opened = reads.open(mailbox);
        return finishedMoves(mailbox, opened) ? reads.open(mailbox).opened() : opened.opened();
    }

    @Override
    public SnapshotWithUnseen openWithFirstUnseen(MailboxId mailbox) {
        // As open: the whole read again after finishing a move.
        MessageReads.WithMoves<SnapshotWithUnseen> opened = reads.openWithFirstUnseen(mailbox);
        return finishedMoves(mailbox, opened) ? reads.openWithFirstUnseen(mailbox).opened() : opened.opened();
    }

    @Override
    public ReopenedSince openSince(MailboxId mailbox, ModSeq since) {
        // As open: the whole read again after finishing a move.
        MessageReads.WithMoves<ReopenedSince> opened = reads.openSince(mailbox, since);
        return finishedMoves(mailbox, opened) ? reads.openSince(mailbox, since).opened() : opened.opened();
    }

    /**
     * Finishes the moves out of the mailbox that an open found left unfinished; whether there was one. A mailbox from
     * before the marks whose intents were read and found none is marked as having every intent marked, as each intent
     * recorded from now on is: its next opens read no intent.
     */
    private boolean finishedMoves(MailboxId mailbox, MessageReads.WithMoves<?> opened) {
        if (opened.intents() == null) {
            return false;
        }
        List<MessageMoves.Intent> pending = Cql.await("read moves", opened.intents());
        if (pending.isEmpty() && opened.moves().known() && !opened.moves().marked()) {
            moves.allMarked(mailbox);
        }
        return copies.resume(pending);
    }

    @Override
    public Optional<Uid> firstUnseen(MailboxId mailbox) {
        return reads.firstUnseen(mailbox);
    }

    @Override
    public List<StoredMessage> range(MailboxId mailbox, Uid first, Uid last, int limit) {
        checkLimit(limit);
        return reads.page(mailbox, first.value(), last.value(), limit);
    }

    @Override
    public List<MessageFlags> flags(MailboxId mailbox, Collection<Uid> uids) {
        return reads.flags(mailbox, uids);
    }

    @Override
    public List<StoredMessage> findAll(MailboxId mailbox, Collection<Uid> uids) {
        return reads.findAll(mailbox, uids);
    }

    @Override
    public ChangesSince changesSince(MailboxId mailbox, ModSeq since) {
        return reads.changesSince(mailbox, since);
    }

    @Override
    public ChangesSince changesSince(MailboxId mailbox, ModSeq since, ModSeq highest) {
        return reads.changesSince(mailbox, since, highest.value());
    }

    @Override
    public List<SearchFacts> searchFacts(MailboxId mailbox, Uid first, Uid last, int limit) {
        checkLimit(limit);
        return reads.searchFacts(mailbox, first.value(), last.value(), limit);
    }

    @Override
    public List<SortFacts> sortFacts(MailboxId mailbox, Uid first, Uid last) {
        return reads.sortFacts(mailbox, first.value(), last.value());
    }

    @Override
    public List<DateFacts> dateFacts(MailboxId mailbox, long[] uids) {
        return sortDates.read(mailbox, uids);
    }

    @Override
    public List<SortFacts> threadFacts(MailboxId mailbox, Uid first, Uid last) {
        return reads.threadFacts(mailbox, first.value(), last.value());
    }

    @Override
    public CompletableFuture<List<SearchRow>> searchRowsAsync(MailboxId mailbox, Uid first, Uid last) {
        return reads.searchRowsAsync(mailbox, first.value(), last.value());
    }

    @Override
    public CompletableFuture<List<TextRow>> textRowsAsync(MailboxId mailbox, Uid first, Uid last) {
        return reads.textRowsAsync(mailbox, first.value(), last.value());
    }

    @Override
    public List<SearchRow> searchRows(MailboxId mailbox, Uid first, Uid last, int limit) {
        checkLimit(limit);
        return reads.searchRows(mailbox, first.value(), last.value(), limit);
    }

    /** Removes the partition and the intents of moves out of the mailbox, which would otherwise be resumed. */
    @Override
    public void removeAll(MailboxId mailbox) {
        Cql.run("remove mailbox data", () -> statements.session.execute(statements.deleteMailbox.bind(mailbox.value())));
        moves.removeAll(mailbox);
    }

    @Override
    public List<Copied> copy(MailboxId source, MailboxId target, Collection<Uid> uids) {
        return copies.copy(source, target, uids);
    }

    @Override
    public List<Copied> move(MailboxId source, MailboxId target, Collection<Uid> uids) {
        return copies.move(source, target, uids, () -> { });
    }

    /** The move, calling {@code afterEachStep} after each of its steps: where a test kills the process. */
    List<Copied> move(MailboxId source, MailboxId target, Collection<Uid> uids, Runnable afterEachStep) {
        return copies.move(source, target, uids, afterEachStep);
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }
}
