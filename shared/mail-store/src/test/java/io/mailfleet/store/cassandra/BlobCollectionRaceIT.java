package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.Copied;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.store.mailbox.UidList;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers, each with a session of its own as separate instances would have, store and append the
 * same bodies again and again while a collector runs cycle after cycle with no grace and pins of a few
 * seconds. Each body is in use for a while, left alone long enough to be collected, then used again, so
 * writers keep meeting the collector on the same blobs. Each writer also COPYs messages out of its
 * neighbour's mailbox while the neighbour expunges them: a copy may be the only reference left to a
 * blob whose last message was just expunged. While a message refers to a blob, the blob must exist:
 * each writer checks right after appending and copying, and all messages are checked at the end.
 */
@ExtendWith(RealInfrastructureExtension.class)
class BlobCollectionRaceIT {

    private static final Logger LOG = LoggerFactory.getLogger(BlobCollectionRaceIT.class);

    private static final int WRITERS = 4;
    private static final int BODIES = 24;
    /** Bodies in use at one time: a window that slides over all of them, one body a tick. */
    private static final int WINDOW = 6;
    /**
     * The race's time scale: a body is in use for 6 ticks, then unused for 18 (its pins expire after
     * 8, so it is collectible for the other 10), then used again. Every duration below is a number of
     * ticks, so a shorter tick runs the same race, with as many reuses per body, in less time.
     */
    private static final Duration TICK = Duration.ofMillis(500);
    /** About one and a half rounds over the bodies: each is collected and used again at least once. */
    private static final Duration RUN = TICK.multipliedBy(40);
    /** Messages each writer keeps; it expunges older ones. */
    private static final int KEPT = 3;
    private static final Duration PIN_LIFETIME = TICK.multipliedBy(8);
    private static final BlobCollector.Settings NO_GRACE =
            new BlobCollector.Settings(Duration.ZERO, Duration.ZERO, Duration.ofDays(1), 100);

    @Test
    void theCollectorNeverDeletesABlobThatAMessageRefersTo(Infrastructure servers) throws Exception {
        CqlSession shared = StoreSessions.shared(servers);
        List<CqlSession> sessions = new ArrayList<>();
        List<MailboxId> mailboxes = new ArrayList<>();
        List<MailboxId> copyMailboxes = new ArrayList<>();
        List<String> missing = Collections.synchronizedList(new ArrayList<>());
        Set<BlobKey> everStored = ConcurrentHashMap.newKeySet();
        AtomicLong restored = new AtomicLong();
        AtomicLong appends = new AtomicLong();
        AtomicLong copies = new AtomicLong();
        AtomicLong collected = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        try (TestBuckets bucket = new TestBuckets(servers)) {
            long start = System.nanoTime();
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                CqlSession session = CassandraSessions.open(StoreSessions.config(servers, StoreSessions.KEYSPACE));
                sessions.add(session);
                CassandraMailboxRepository tree = new CassandraMailboxRepository(session, Clock.systemUTC());
                String account = "blob-race-" + System.nanoTime() + "@example.test";
                mailboxes.add(tree.create(account, MailboxPath.INBOX, Optional.empty()).mailbox().id());
                copyMailboxes.add(tree.create(account, MailboxPath.parse("Copies"), Optional.empty()).mailbox().id());
            }
            for (int w = 0; w < WRITERS; w++) {
                CqlSession session = sessions.get(w);
                CassandraBlobPins pins = new CassandraBlobPins(session, PIN_LIFETIME, Duration.ofSeconds(30));
                Writer writer = new Writer(bucket.store(pins), new CassandraMessageRepository(session, MessageStoreSettings.DEFAULTS, pins),
                        mailboxes.get(w), mailboxes.get((w + 1) % WRITERS),
                        copyMailboxes.get(w), new Random(w));
                writers.add(pool.submit(() -> {
                    try (MinioBlobStore store = writer.store()) {
                        writer.write(start, everStored, missing, restored, appends, copies);
                    }
                    return null;
                }));
            }
            Future<?> collector = pool.submit(() -> {
                try (MinioBlobStore store = bucket.store(new CassandraBlobPins(shared, PIN_LIFETIME, Duration.ofSeconds(30)))) {
                    BlobCollector blobs = new BlobCollector(shared, store, NO_GRACE, Clock.systemUTC());
                    while (writing.get()) {
                        collected.addAndGet(blobs.collect().blobsDeleted());
                    }
                }
                return null;
            });
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            collector.get(5, TimeUnit.MINUTES);

            List<String> names = bucket.names();
            CassandraMessageRepository reader = new CassandraMessageRepository(shared);
            for (MailboxId mailbox : concat(mailboxes, copyMailboxes)) {
                for (StoredMessage message : reader.list(mailbox)) {
                    assertThat(names).as("blob of a message at the end").contains(message.blobKey());
                }
            }
        } finally {
            pool.shutdownNow();
            sessions.forEach(CqlSession::close);
        }

        LOG.info("blob race: {} blobs collected, {} stored again, {} appends, {} copies", collected, restored, appends, copies);
        assertThat(missing).as("blobs missing while a message referred to them").isEmpty();
        assertThat(collected.get()).as("blobs the collector deleted during the race").isPositive();
        assertThat(restored.get()).as("puts that found their blob collected and stored it again").isPositive();
        assertThat(copies.get()).as("messages copied during the race").isPositive();
    }

    private static List<MailboxId> concat(List<MailboxId> first, List<MailboxId> second) {
        List<MailboxId> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** One writer: its blob store and session, its mailbox, the neighbour's it copies from, and where the copies go. */
    private record Writer(MinioBlobStore store, CassandraMessageRepository messages, MailboxId mailbox, MailboxId neighbour,
                          MailboxId copies, Random random) {

        /**
         * Stores a body of the current window, appends a message with it and checks the blob; copies
         * one of the neighbour's messages and checks its blob. Only the last few messages of each
         * mailbox are kept, so that bodies out of the window lose their references.
         */
        void write(long start, Set<BlobKey> stored, List<String> missing, AtomicLong restored, AtomicLong appends,
                   AtomicLong copied) throws Exception {
            MessageIdGenerator ids = new MessageIdGenerator();
            Deque<Uid> kept = new ArrayDeque<>();
            Deque<Uid> keptCopies = new ArrayDeque<>();
            while (System.nanoTime() - start < RUN.toNanos()) {
                long tick = (System.nanoTime() - start) / TICK.toNanos();
                int body = (int) ((tick + random.nextInt(WINDOW)) % BODIES);
                byte[] content = ("body " + body + "\r\n").repeat(50).getBytes(StandardCharsets.US_ASCII);
                BlobKey key = BlobKey.forSha256(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
                boolean wasThere = store.exists(key);
                BlobRef ref = store.put(new ByteArrayInputStream(content));
                if (!stored.add(key) && !wasThere) {
                    restored.incrementAndGet();
                }
                Appended appended = messages.append(mailbox, new NewMessage(ids.next(), ref.key().value(), ref.size(), Instant.now(),
                        Flags.EMPTY));
                appends.incrementAndGet();
                if (!store.exists(ref.key())) {
                    missing.add(ref.key() + " of UID " + appended.uid());
                }
                keep(kept, appended.uid(), mailbox);
                copyFromNeighbour(keptCopies, missing, copied);
                Thread.sleep(random.nextInt(150));
            }
        }

        private void copyFromNeighbour(Deque<Uid> keptCopies, List<String> missing, AtomicLong copied) {
            UidList uids = messages.open(neighbour).uids();
            if (uids.size() == 0) {
                return;
            }
            for (Copied copy : messages.copy(neighbour, copies, List.of(uids.get(random.nextInt(uids.size()))))) {
                copied.incrementAndGet();
                Optional<StoredMessage> message = messages.find(copies, copy.target());
                if (message.isPresent() && !store.exists(new BlobKey(message.get().blobKey()))) {
                    missing.add(message.get().blobKey() + " of copy UID " + copy.target());
                }
                keep(keptCopies, copy.target(), copies);
            }
        }

        private void keep(Deque<Uid> kept, Uid uid, MailboxId in) {
            kept.addLast(uid);
            if (kept.size() > KEPT) {
                messages.expunge(in, List.of(kept.removeFirst()));
            }
        }
    }
}
