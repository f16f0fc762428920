package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.Delivery;
import io.mailfleet.store.mailbox.ExpungeResult;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.StoreResult;
import io.mailfleet.store.mailbox.MailboxCounters;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.store.mailbox.UidList;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight writers, each with a driver session of its own as separate instances would have, append to
 * one mailbox while also flagging and expunging: UIDs come out unique, gapless and increasing per
 * writer, MODSEQs follow commit order, and the counters equal what the messages add up to.
 */
@ExtendWith(RealInfrastructureExtension.class)
class ConcurrentMailboxWritersIT {

    private static final int WRITERS = 8;
    private static final int APPENDS_PER_WRITER = 25;

    @Test
    void concurrentWritersKeepUidsModSeqsAndCountersExact(Infrastructure servers) throws Exception {
        CqlSession setup = StoreSessions.shared(servers);
        MailboxId mailbox = newInbox(setup, "race");

        List<CqlSession> sessions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Appended> appended = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<List<Appended>>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                CqlSession session = CassandraSessions.open(StoreSessions.config(servers, StoreSessions.KEYSPACE));
                sessions.add(session);
                CassandraMessageRepository messages = new CassandraMessageRepository(session);
                int writer = w;
                writers.add(pool.submit(() -> write(messages, mailbox, writer)));
            }
            for (Future<List<Appended>> writer : writers) {
                List<Appended> own = writer.get(5, TimeUnit.MINUTES);
                assertThat(own).extracting(Appended::uid).as("one writer's UIDs").isSorted().doesNotHaveDuplicates();
                assertThat(own).extracting(Appended::modSeq).as("one writer's MODSEQs").isSorted().doesNotHaveDuplicates();
                appended.addAll(own);
            }
        } finally {
            pool.shutdownNow();
            sessions.forEach(CqlSession::close);
        }

        int total = WRITERS * APPENDS_PER_WRITER;
        assertThat(appended).extracting(a -> a.uid().value())
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        List<Appended> byUid = appended.stream().sorted((a, b) -> a.uid().compareTo(b.uid())).toList();
        assertThat(byUid).extracting(Appended::modSeq).as("MODSEQ grows with commit order").isSorted().doesNotHaveDuplicates();

        CassandraMessageRepository reader = new CassandraMessageRepository(setup);
        List<StoredMessage> remaining = reader.list(mailbox);
        MailboxCounters counters = reader.counters(mailbox);
        assertThat(counters.messages()).isEqualTo(remaining.size());
        assertThat(counters.unseen()).isEqualTo(remaining.stream().filter(m -> !m.flags().contains(Flag.SEEN)).count());
        assertThat(counters.bytes()).isEqualTo(remaining.stream().mapToLong(StoredMessage::size).sum());
        assertThat(counters.nextUid()).isEqualTo(Uid.of(total + 1));
        assertThat(remaining.size()).as("every writer expunged some").isLessThan(total);
        assertThat(reader.expungedSince(mailbox, io.mailfleet.model.mailbox.ModSeq.MIN)).hasSize(total - remaining.size());
        assertThat(reader.flags(mailbox, appended.stream().map(Appended::uid).toList())).as("the flag blocks agree with the rows")
                .containsExactlyElementsOf(remaining.stream().map(m -> new MessageFlags(m.uid(), m.modSeq(), m.flags())).toList());
        UidList mapped = reader.open(mailbox).uids();
        assertThat(IntStream.range(0, mapped.size()).mapToObj(mapped::get).toList()).as("the UID map agrees with the rows")
                .containsExactlyElementsOf(remaining.stream().map(StoredMessage::uid).toList());
    }

    @Test
    void workersRacingOnTheSameDeliveriesStoreEachMessageOnce(Infrastructure servers) throws Exception {
        CqlSession setup = StoreSessions.shared(servers);
        MailboxId mailbox = newInbox(setup, "redelivery");
        MessageIdGenerator ids = new MessageIdGenerator();
        List<NewMessage> messages = new ArrayList<>();
        for (int i = 0; i < APPENDS_PER_WRITER; i++) {
            messages.add(new NewMessage(ids.next(), "sha256/same-" + i, 500 + i, Instant.now(), Flags.EMPTY));
        }

        List<CqlSession> sessions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Delivery> firstTimes = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                CqlSession session = CassandraSessions.open(StoreSessions.config(servers, StoreSessions.KEYSPACE));
                sessions.add(session);
                CassandraMessageRepository repository = new CassandraMessageRepository(session);
                List<NewMessage> order = new ArrayList<>(messages);
                Collections.shuffle(order, new java.util.Random(w));
                writers.add(pool.submit(() -> order.forEach(message -> {
                    Delivery delivery = repository.deliver(mailbox, message, "delivery/" + message.messageId());
                    if (delivery.firstTime()) {
                        firstTimes.add(delivery);
                    }
                })));
            }
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            sessions.forEach(CqlSession::close);
        }

        List<StoredMessage> stored = new CassandraMessageRepository(setup).list(mailbox);
        assertThat(firstTimes).as("one writer stored each message").hasSize(messages.size());
        assertThat(stored).extracting(StoredMessage::messageId)
                .containsExactlyInAnyOrderElementsOf(messages.stream().map(NewMessage::messageId).toList());
        assertThat(new CassandraMessageRepository(setup).counters(mailbox).messages()).isEqualTo(messages.size());
    }

    /** Appends, marks every other message seen and expunges every fifth, all racing the other writers. */
    private static List<Appended> write(CassandraMessageRepository messages, MailboxId mailbox, int writer) {
        MessageIdGenerator ids = new MessageIdGenerator();
        List<Appended> own = new ArrayList<>();
        for (int i = 0; i < APPENDS_PER_WRITER; i++) {
            Flags flags = i % 3 == 0 ? Flags.of(Flag.SEEN) : Flags.EMPTY;
            NewMessage message = new NewMessage(ids.next(), "sha256/w" + writer + "-" + i, 1000 + writer * 100 + i, Instant.now(), flags);
            Appended added = messages.append(mailbox, message);
            own.add(added);
            if (i % 2 == 1) {
                messages.updateFlags(mailbox, added.uid(), current -> current.with(Flag.SEEN));
            }
            if (i % 5 == 4) {
                messages.expunge(mailbox, List.of(added.uid()));
            }
        }
        return own;
    }

    /**
     * One session sets and clears {@code \Seen} over 1,000 messages in bulk while four others
     * deliver into the same mailbox: afterwards the UIDs are gapless, every STORE's MODSEQs grow and
     * none is shared with another change, and the counters equal what the rows add up to.
     */
    @Test
    void bulkStoresRacingDeliveriesKeepUidsModSeqsAndCountersExact(Infrastructure servers) throws Exception {
        CqlSession setup = StoreSessions.shared(servers);
        MailboxId mailbox = newInbox(setup, "bulk");
        CassandraMessageRepository reader = new CassandraMessageRepository(setup);
        MessageIdGenerator ids = new MessageIdGenerator();
        List<Uid> stored = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            reader.appendAll(mailbox, java.util.stream.Stream.generate(() -> new NewMessage(ids.next(), "sha256/bulk", 100,
                    Instant.now(), Flags.EMPTY)).limit(50).toList()).forEach(a -> stored.add(a.uid()));
        }
        int deliverers = 4;
        int deliveriesEach = 30;
        List<CqlSession> sessions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(deliverers + 1);
        List<Long> storeModSeqs = Collections.synchronizedList(new ArrayList<>());
        List<Long> deliveryModSeqs = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> work = new ArrayList<>();
            CqlSession storeSession = CassandraSessions.open(StoreSessions.config(servers, StoreSessions.KEYSPACE));
            sessions.add(storeSession);
            CassandraMessageRepository storer = new CassandraMessageRepository(storeSession);
            work.add(pool.submit(() -> {
                for (int round = 0; round < 4; round++) {
                    FlagUpdate update = round % 2 == 0 ? FlagUpdate.add(Flags.of(Flag.SEEN)) : FlagUpdate.remove(Flags.of(Flag.SEEN));
                    StoreResult result = storer.store(mailbox, stored, update, Optional.empty());
                    assertThat(result.updated()).hasSize(stored.size());
                    List<Long> modSeqs = result.updated().stream().map(u -> u.modSeq().value()).toList();
                    assertThat(modSeqs).isSorted().doesNotHaveDuplicates();
                    storeModSeqs.addAll(modSeqs);
                }
            }));
            for (int d = 0; d < deliverers; d++) {
                CqlSession session = CassandraSessions.open(StoreSessions.config(servers, StoreSessions.KEYSPACE));
                sessions.add(session);
                CassandraMessageRepository deliverer = new CassandraMessageRepository(session);
                work.add(pool.submit(() -> {
                    MessageIdGenerator own = new MessageIdGenerator();
                    for (int i = 0; i < deliveriesEach; i++) {
                        NewMessage message = new NewMessage(own.next(), "sha256/racing", 7, Instant.now(), Flags.EMPTY);
                        deliveryModSeqs.add(deliverer.deliver(mailbox, message, "racing/" + message.messageId()).modSeq().value());
                    }
                }));
            }
            for (Future<?> each : work) {
                each.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            sessions.forEach(CqlSession::close);
        }

        List<StoredMessage> rows = reader.list(mailbox);
        MailboxCounters counters = reader.counters(mailbox);
        int total = stored.size() + deliverers * deliveriesEach;
        assertThat(rows).extracting(m -> m.uid().value()).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(counters.nextUid()).isEqualTo(Uid.of(total + 1));
        assertThat(counters.messages()).isEqualTo(total);
        assertThat(counters.bytes()).isEqualTo(rows.stream().mapToLong(StoredMessage::size).sum());
        assertThat(counters.unseen()).isEqualTo(rows.stream().filter(m -> !m.flags().contains(Flag.SEEN)).count());
        assertThat(rows.subList(0, stored.size())).extracting(StoredMessage::flags).as("the last STORE cleared them all")
                .containsOnly(Flags.EMPTY);
        List<Long> allModSeqs = new ArrayList<>(storeModSeqs);
        allModSeqs.addAll(deliveryModSeqs);
        assertThat(allModSeqs).as("no two changes share a MODSEQ").doesNotHaveDuplicates()
                .allMatch(modSeq -> modSeq <= counters.highestModSeq().value());
        assertThat(rows).allMatch(m -> m.modSeq().value() <= counters.highestModSeq().value());
        assertThat(reader.flags(mailbox, rows.stream().map(StoredMessage::uid).toList())).as("the flag blocks agree with the rows")
                .containsExactlyElementsOf(rows.stream().map(m -> new MessageFlags(m.uid(), m.modSeq(), m.flags())).toList());
    }

    /**
     * One session takes {@code \Deleted} off the messages from the first up, one STORE each, while
     * another expunges the marked ones from the last down, one EXPUNGE each: they meet in the middle.
     * Every message is either expunged or kept without its mark, never both: no expunge removes a
     * message whose mark a STORE took off first. A change that says no other came between the MODSEQ
     * it began at and its own ({@code onlyChangesSince}) has the MODSEQs right after it: every change
     * takes a new one, so one of the other side's in between would leave a gap.
     */
    @Test
    void anExpungeRacingAStoreNeverRemovesAMessageWhoseMarkWasTakenOff(Infrastructure servers) throws Exception {
        CqlSession setup = StoreSessions.shared(servers);
        MailboxId mailbox = newInbox(setup, "unmark");
        CassandraMessageRepository reader = new CassandraMessageRepository(setup);
        MessageIdGenerator ids = new MessageIdGenerator();
        List<Uid> marked = reader.appendAll(mailbox, java.util.stream.Stream.generate(() -> new NewMessage(ids.next(),
                "sha256/unmark", 10, Instant.now(), Flags.of(Flag.DELETED))).limit(40).toList()).stream().map(Appended::uid).toList();
        List<CqlSession> sessions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Uid> unmarked = Collections.synchronizedList(new ArrayList<>());
        List<Uid> expunged = Collections.synchronizedList(new ArrayList<>());
        List<String> notRightAfter = Collections.synchronizedList(new ArrayList<>());
        List<Long> alone = Collections.synchronizedList(new ArrayList<>());
        try {
            CqlSession storeSession = CassandraSessions.open(StoreSessions.config(servers, StoreSessions.KEYSPACE));
            sessions.add(storeSession);
            CqlSession expungeSession = CassandraSessions.open(StoreSessions.config(servers, StoreSessions.KEYSPACE));
            sessions.add(expungeSession);
            CassandraMessageRepository storer = new CassandraMessageRepository(storeSession);
            CassandraMessageRepository expunger = new CassandraMessageRepository(expungeSession);
            Future<?> stores = pool.submit(() -> {
                for (Uid uid : marked) {
                    StoreResult result = storer.store(mailbox, List.of(uid), FlagUpdate.remove(Flags.of(Flag.DELETED)), Optional.empty());
                    result.updated().forEach(updated -> unmarked.add(updated.uid()));
                    result.onlyChangesSince().ifPresent(since -> {
                        alone.add(since.value());
                        result.updated().stream().filter(updated -> updated.modSeq().value() != since.value() + 1)
                                .forEach(updated -> notRightAfter.add("STORE of " + updated.uid() + " at " + updated.modSeq()
                                        + " after " + since));
                    });
                }
            });
            Future<?> expunges = pool.submit(() -> {
                for (int i = marked.size() - 1; i >= 0; i--) {
                    Uid uid = marked.get(i);
                    ExpungeResult result = expunger.expungeDeleted(mailbox, List.of(uid), Optional.empty());
                    result.expunged().forEach(gone -> expunged.add(gone.uid()));
                    result.onlyChangesSince().ifPresent(since -> {
                        alone.add(since.value());
                        result.expunged().stream().filter(gone -> gone.modSeq().value() != since.value() + 1)
                                .forEach(gone -> notRightAfter.add("EXPUNGE of " + gone.uid() + " at " + gone.modSeq()
                                        + " after " + since));
                    });
                }
            });
            stores.get(5, TimeUnit.MINUTES);
            expunges.get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
            sessions.forEach(CqlSession::close);
        }

        // Either side may win every message (the other then has none): no assertion that needs both non-empty.
        assertThat(unmarked).as("unmarked and also expunged").noneMatch(expunged::contains);
        List<Uid> both = new ArrayList<>(unmarked);
        both.addAll(expunged);
        assertThat(both).as("each message unmarked or expunged").containsExactlyInAnyOrderElementsOf(marked);
        assertThat(reader.list(mailbox)).extracting(StoredMessage::uid).containsExactlyInAnyOrderElementsOf(unmarked);
        assertThat(reader.list(mailbox)).extracting(StoredMessage::flags).allMatch(Flags.EMPTY::equals);
        assertThat(reader.counters(mailbox).messages()).isEqualTo(unmarked.size());
        assertThat(alone).as("changes that knew no other came between").isNotEmpty();
        assertThat(notRightAfter).as("changes said to follow their MODSEQ alone that did not").isEmpty();
    }

    /** The INBOX of a new account whose name starts with {@code prefix}, apart from every other test's. */
    private static MailboxId newInbox(CqlSession setup, String prefix) {
        return new CassandraMailboxRepository(setup, Clock.systemUTC())
                .create(prefix + "-" + System.nanoTime() + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox().id();
    }
}
