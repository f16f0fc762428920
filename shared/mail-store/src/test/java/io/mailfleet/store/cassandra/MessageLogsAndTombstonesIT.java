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
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
     * A mailbox whose state predates the UID map (no {@code uid_blocks}) keeps none, and is opened by
     * reading its message rows, with the same result.
     */
    @Test
    void aMailboxWithoutAUidMapIsOpenedFromItsMessageRows(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MailboxId mailbox = mailbox(session, "legacy");
        session.execute("UPDATE mailbox_data SET uid_blocks = null WHERE mailbox_id = ?", mailbox.value());
        messages.appendAll(mailbox, Stream.generate(() -> MessageRepositoryContract.message(10, Flags.EMPTY)).limit(5).toList());
        messages.expunge(mailbox, uids(LongStream.of(2, 4)));

        MailboxSnapshot snapshot = messages.open(mailbox);
        assertThat(snapshot.uids().size()).isEqualTo(3);
        assertThat(List.of(snapshot.uids().get(0), snapshot.uids().get(1), snapshot.uids().get(2)))
                .containsExactly(Uid.of(1), Uid.of(3), Uid.of(5));
        assertThat(session.execute("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind = 4", mailbox.value()).all())
                .as("UID map rows of a mailbox that keeps none").isEmpty();
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
        Thread.sleep(3500);
        Appended recent = messages.append(mailbox, MessageRepositoryContract.message(10, Flags.EMPTY));

        assertThat(messages.changesSince(mailbox, ModSeq.MIN)).isEqualTo(new ChangesSince.ResyncRequired(ModSeq.MIN));
        ChangesSince.Changes kept = (ChangesSince.Changes) messages.changesSince(mailbox, beforeTrim);
        assertThat(kept.changed()).extracting(m -> m.uid()).containsExactly(recent.uid());
        assertThat(messages.counters(mailbox).messages()).as("the messages outlive their log entries").isEqualTo(2);
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
