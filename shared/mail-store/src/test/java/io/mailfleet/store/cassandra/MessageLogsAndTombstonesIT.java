package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.TraceEvent;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.ChangesSince;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.MailboxSnapshot;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the partition holds after many expunges, and how the logs are trimmed, read on the real Cassandra. */
@ExtendWith(RealInfrastructureExtension.class)
class MessageLogsAndTombstonesIT {

    private static final Pattern READ_TRACE = Pattern.compile("Read (\\d+) live rows and (\\d+) tombstone cells");

    /**
     * 20,000 messages, of which 17,500 are expunged in several passes (the first 10,000 in a row,
     * then three of every four): the read of the UID list crosses no more tombstones than there are
     * live messages, where a row tombstone per expunged message would be 17,500 of them.
     */
    @Test
    void aMostlyExpungedMailboxIsReadWithoutCrossingItsDeadRows(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MailboxId mailbox = mailbox(session, "tombstones");
        for (int i = 0; i < 20_000 / MessageRepository.MAX_ATOMIC_APPEND; i++) {
            messages.appendAll(mailbox, Stream.generate(() -> MessageRepositoryContract.message(10, Flags.EMPTY))
                    .limit(MessageRepository.MAX_ATOMIC_APPEND).toList());
        }
        for (long from = 1; from <= 10_000; from += 1000) {
            messages.expunge(mailbox, uids(LongStream.range(from, from + 1000)));
        }
        messages.expunge(mailbox, uids(LongStream.rangeClosed(10_001, 20_000).filter(uid -> uid % 4 == 1)));
        messages.expunge(mailbox, uids(LongStream.rangeClosed(10_001, 20_000).filter(uid -> uid % 4 == 2 || uid % 4 == 3)));

        MailboxSnapshot snapshot = messages.open(mailbox);
        assertThat(snapshot.uids().size()).isEqualTo(2500);
        assertThat(snapshot.counters().messages()).isEqualTo(2500);
        assertThat(snapshot.uids().get(0)).isEqualTo(Uid.of(10_004));

        assertThat(uidsOfPages(messages, mailbox, Uid.MIN, Uid.MAX, 1000)).as("FETCH pages, read in slices cut by the UID map")
                .isEqualTo(uids(LongStream.rangeClosed(10_004, 20_000).filter(uid -> uid % 4 == 0)));
        assertThat(uidsOfPages(messages, mailbox, Uid.of(10_005), Uid.of(12_000), 5000)).as("a bounded range")
                .isEqualTo(uids(LongStream.rangeClosed(10_008, 12_000).filter(uid -> uid % 4 == 0)));
        assertThat(messages.range(mailbox, Uid.of(1), Uid.of(10_003), 1000)).as("a range of expunged messages only").isEmpty();

        long[] uidList = tracedRead(session, "SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind = 0", mailbox);
        assertThat(uidList[0]).as("live rows read: the messages and the static row").isEqualTo(2500 + 1);
        // A range tombstone counts twice (its start and its end): one range per gap between live messages.
        assertThat(uidList[1]).as("tombstones crossed by the UID list").isLessThanOrEqualTo(2 * (2500 + 1));
        long[] state = tracedRead(session, "SELECT next_uid, highest_modseq FROM mailbox_data WHERE mailbox_id = ? LIMIT 1", mailbox);
        assertThat(state[1]).as("tombstones crossed by the state read").isLessThanOrEqualTo(2);
        long[] uidMap = tracedRead(session, "SELECT seq, uid_bits FROM mailbox_data WHERE mailbox_id = ? AND kind = 4", mailbox);
        assertThat(uidMap[0]).as("rows of the UID map that open reads: blocks 2 to 4 of 4,096 UIDs each").isEqualTo(3);
    }

    /** Appending writes no tombstone: a FETCH of the flags of fresh messages crosses none. */
    @Test
    void freshMessagesAreReadWithoutTombstones(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MailboxId mailbox = mailbox(session, "fresh");
        messages.appendAll(mailbox, Stream.generate(() -> MessageRepositoryContract.message(10, Flags.of(Flag.SEEN))).limit(50).toList());
        messages.appendAll(mailbox, Stream.generate(() -> MessageRepositoryContract.message(10, Flags.EMPTY)).limit(50).toList());

        long[] read = tracedRead(session, "SELECT seq, modseq, flags FROM mailbox_data WHERE mailbox_id = ? AND kind = 0", mailbox);
        assertThat(read[0]).as("live rows: the messages").isGreaterThanOrEqualTo(100);
        assertThat(read[1]).as("tombstones crossed").isZero();
        assertThat(messages.range(mailbox, Uid.MIN, Uid.MAX, 100)).extracting(m -> m.flags())
                .containsOnly(Flags.of(Flag.SEEN), Flags.EMPTY).hasSize(100);
    }

    /**
     * A mailbox written as before the UID map (migration 008) and the flag blocks (012): a state
     * without {@code uid_blocks} and {@code flag_blocks}, message rows over 49 blocks of UIDs, and map
     * and flag rows left by a backfill cut short (wrong ones, and ones for blocks with no message).
     * Two instances open it at once: both list its messages from their rows, and the map and the
     * flag blocks they leave are exact, so that later changes keep them and reads use them.
     */
    @Test
    void aMailboxFromBeforeTheUidMapGetsItsMapOnItsFirstOpens(Infrastructure servers) throws Exception {
        CqlSession session = StoreSessions.shared(servers);
        MailboxId mailbox = mailbox(session, "pre-008");
        List<Uid> written = LongStream.range(0, 200).map(i -> i * 1000 + 1).mapToObj(Uid::of).toList();
        writeTheOldWay(session, mailbox, written);
        session.execute("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, uid_bits) VALUES (?, 4, 0, 0, 0xff)",
                mailbox.value());
        session.execute("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, uid_bits) VALUES (?, 4, 100, 0, 0x01)",
                mailbox.value());
        FlagBlock wrong = new FlagBlock(0);
        wrong.put(1, 99, Flags.of(Flag.DELETED, Flag.SEEN));
        wrong.put(2, 99, Flags.EMPTY);
        FlagBlock nothingThere = new FlagBlock(3000);
        nothingThere.put(3000L * FlagBlock.BLOCK_UIDS, 99, Flags.EMPTY);
        for (FlagBlock block : List.of(wrong, nothingThere)) {
            session.execute("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, flag_entries) VALUES (?, 5, ?, 0, ?)",
                    mailbox.value(), block.block(), block.encode());
        }

        CassandraMessageRepository unopened = new CassandraMessageRepository(session);
        assertThat(unopened.flags(mailbox, List.of(Uid.of(1), Uid.of(2), Uid.of(1001)))).as("from the rows, not the blocks left")
                .containsExactly(new MessageFlags(Uid.of(1), ModSeq.of(2), Flags.EMPTY), new MessageFlags(Uid.of(1001), ModSeq.of(2), Flags.EMPTY));
        assertThat(unopened.firstUnseen(mailbox)).as("from the rows, not the blocks left").contains(Uid.of(1));

        try (CqlSession other = CassandraSessions.open(StoreSessions.config(servers, StoreSessions.KEYSPACE))) {
            List<CassandraMessageRepository> instances = List.of(new CassandraMessageRepository(session),
                    new CassandraMessageRepository(other));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<MailboxSnapshot>> opens = new ArrayList<>();
                for (CassandraMessageRepository instance : instances) {
                    opens.add(pool.submit(() -> {
                        start.await();
                        return instance.open(mailbox);
                    }));
                }
                start.countDown();
                for (Future<MailboxSnapshot> open : opens) {
                    assertThat(uidsOf(open.get(30, TimeUnit.SECONDS))).isEqualTo(written);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        assertThat(session.execute("SELECT uid_blocks FROM mailbox_data WHERE mailbox_id = ? LIMIT 1", mailbox.value()).one()
                .getBoolean("uid_blocks")).as("the mailbox keeps its map now").isTrue();
        assertThat(session.execute("SELECT flag_blocks FROM mailbox_data WHERE mailbox_id = ? LIMIT 1", mailbox.value()).one()
                .getBoolean("flag_blocks")).as("the mailbox keeps its flag blocks now").isTrue();
        assertThat(session.execute("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind = 5", mailbox.value()).all())
                .extracting(row -> row.getLong("seq")).as("flag blocks, one per block of 256 UIDs with a message")
                .containsExactlyElementsOf(written.stream().map(uid -> FlagBlock.blockOf(uid.value())).distinct().toList());
        assertThat(session.execute("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind = 4", mailbox.value()).all())
                .extracting(row -> row.getLong("seq")).as("blocks of the map")
                .containsExactlyElementsOf(LongStream.rangeClosed(0, 48).boxed().toList());
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        assertThat(uidsOf(messages.open(mailbox))).as("read from the map").isEqualTo(written);

        Appended appended = messages.append(mailbox, MessageRepositoryContract.message(10, Flags.EMPTY));
        messages.expunge(mailbox, List.of(Uid.of(1), Uid.of(1001)));
        List<Uid> now = new ArrayList<>(written.subList(2, written.size()));
        now.add(appended.uid());
        assertThat(appended.uid()).isEqualTo(Uid.of(199_002));
        assertThat(uidsOf(messages.open(mailbox))).as("the map kept by later changes").isEqualTo(now);
        assertThat(messages.counters(mailbox).messages()).isEqualTo(now.size());
        messages.store(mailbox, now.subList(0, 100), FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.empty());
        assertThat(messages.flags(mailbox, written)).as("the flag blocks kept by later changes").containsExactlyElementsOf(
                messages.list(mailbox).stream().filter(m -> !m.uid().equals(appended.uid()))
                        .map(m -> new MessageFlags(m.uid(), m.modSeq(), m.flags())).toList());
        assertThat(messages.firstUnseen(mailbox)).contains(now.get(100));
    }

    /**
     * Rows as a store before migration 008 wrote them: messages by INSERT, the state without
     * {@code uid_blocks} and {@code flag_blocks}.
     */
    private static void writeTheOldWay(CqlSession session, MailboxId mailbox, List<Uid> uids) {
        for (Uid uid : uids) {
            NewMessage message = MessageRepositoryContract.message(10, Flags.EMPTY);
            session.execute("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, modseq, flags, message_id, blob_key,"
                    + " size, internal_date) VALUES (?, 0, ?, 0, 2, {}, ?, ?, 10, ?)", mailbox.value(), uid.value(),
                    message.messageId().toString(), message.blobKey(), message.internalDate());
        }
        session.execute("UPDATE mailbox_data SET next_uid = ?, highest_modseq = 2, message_count = ?, unseen_count = ?,"
                + " total_bytes = ?, uid_blocks = null, flag_blocks = null WHERE mailbox_id = ?", uids.get(uids.size() - 1).value() + 1,
                (long) uids.size(), (long) uids.size(), 10L * uids.size(), mailbox.value());
    }

    /** The UIDs from {@code first} to {@code last}, read as a FETCH reads them: in pages of {@code page}. */
    private static List<Uid> uidsOfPages(MessageRepository messages, MailboxId mailbox, Uid first, Uid last, int page) {
        List<Uid> uids = new ArrayList<>();
        Uid from = first;
        while (true) {
            List<StoredMessage> read = messages.range(mailbox, from, last, page);
            read.forEach(m -> uids.add(m.uid()));
            if (read.size() < page) {
                return uids;
            }
            from = read.get(read.size() - 1).uid().next();
        }
    }

    private static List<Uid> uidsOf(MailboxSnapshot snapshot) {
        List<Uid> uids = new ArrayList<>();
        for (int i = 0; i < snapshot.uids().size(); i++) {
            uids.add(snapshot.uids().get(i));
        }
        return uids;
    }

    @Test
    void aClientWhoseModSeqIsOlderThanTheLogsIsToldToResync(Infrastructure servers) throws InterruptedException {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session,
                new MessageStoreSettings(Duration.ofSeconds(2), MessageStoreSettings.DEFAULTS.moveResumeAfter()));
        MailboxId mailbox = mailbox(session, "trimmed");
        Appended old = messages.append(mailbox, MessageRepositoryContract.message(10, Flags.EMPTY));
        messages.store(mailbox, List.of(old.uid()), FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.empty());
        ModSeq beforeTrim = messages.counters(mailbox).highestModSeq();
        awaitLogsExpired(messages, mailbox, beforeTrim, Duration.ofMillis(3500));
        Appended recent = messages.append(mailbox, MessageRepositoryContract.message(10, Flags.EMPTY));

        assertThat(messages.changesSince(mailbox, ModSeq.MIN)).isEqualTo(new ChangesSince.ResyncRequired(ModSeq.MIN));
        ChangesSince.Changes kept = (ChangesSince.Changes) messages.changesSince(mailbox, beforeTrim);
        assertThat(kept.changed()).extracting(m -> m.uid()).containsExactly(recent.uid());
        assertThat(messages.counters(mailbox).messages()).as("the messages outlive their log entries").isEqualTo(2);
    }

    /**
     * Waits until every log entry up to {@code last} has expired, so that a client at any MODSEQ before it
     * must resync; fails if one is still there {@code within} from now, as a sleep that long would.
     */
    private static void awaitLogsExpired(MessageRepository messages, MailboxId mailbox, ModSeq last, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (long since = ModSeq.MIN.value(); since < last.value(); since++) {
            while (!(messages.changesSince(mailbox, ModSeq.of(since)) instanceof ChangesSince.ResyncRequired)) {
                assertThat(System.nanoTime() - deadline).as("the log entry after MODSEQ %d, %s after it was written", since, within)
                        .isNegative();
                Thread.sleep(100);
            }
        }
    }

    private static MailboxId mailbox(CqlSession session, String name) {
        return new CassandraMailboxRepository(session, Clock.systemUTC())
                .create(name + "-" + System.nanoTime() + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox().id();
    }

    private static List<Uid> uids(LongStream values) {
        return values.mapToObj(Uid::of).toList();
    }

    /** Live rows and tombstones the replica reports having read for one query, from its trace. */
    private static long[] tracedRead(CqlSession session, String cql, MailboxId mailbox) {
        ResultSet rows = session.execute(SimpleStatement.newInstance(cql, mailbox.value()).setTracing(true).setPageSize(100_000));
        rows.all();
        List<String> events = new ArrayList<>();
        long[] counts = {-1, -1};
        for (TraceEvent event : rows.getExecutionInfo().getQueryTrace().getEvents()) {
            events.add(event.getActivity());
            Matcher matcher = READ_TRACE.matcher(event.getActivity());
            if (matcher.find()) {
                counts[0] = Long.parseLong(matcher.group(1));
                counts[1] = Long.parseLong(matcher.group(2));
            }
        }
        assertThat(counts[0]).as("a read line in the trace: %s", events).isNotNegative();
        return counts;
    }
}
