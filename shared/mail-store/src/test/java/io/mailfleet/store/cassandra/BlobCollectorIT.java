package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The blob collector on the real Cassandra and S3: what it deletes, what it keeps, and resuming. */
@ExtendWith(RealInfrastructureExtension.class)
class BlobCollectorIT {

    private static final Duration SHORT_PIN = Duration.ofSeconds(1);
    private static final BlobCollector.Settings NO_GRACE =
            new BlobCollector.Settings(Duration.ZERO, Duration.ZERO, Duration.ofDays(1), 100);

    private final MessageIdGenerator ids = new MessageIdGenerator();
    private CqlSession session;
    private TestBuckets bucket;
    private CassandraMessageRepository messages;
    private CassandraMessageContentRepository contents;
    private MailboxId mailbox;

    @BeforeEach
    void open(Infrastructure servers) {
        session = StoreSessions.shared(servers);
        bucket = new TestBuckets(servers);
        messages = new CassandraMessageRepository(session);
        contents = new CassandraMessageContentRepository(session);
        mailbox = new CassandraMailboxRepository(session, Clock.systemUTC())
                .create("collect-" + System.nanoTime() + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox().id();
    }

    @AfterEach
    void close() throws Exception {
        bucket.close();
    }

    private MinioBlobStore store(Duration pinLifetime) {
        return bucket.store(new CassandraBlobPins(session, pinLifetime, Duration.ofSeconds(10)));
    }

    private BlobCollector collector(MinioBlobStore store, BlobCollector.Settings settings) {
        return new BlobCollector(session, store, settings, Clock.systemUTC());
    }

    private static BlobRef put(MinioBlobStore store, String body) throws Exception {
        return store.put(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)));
    }

    private Uid refer(BlobRef blob) {
        contents.put(new MessageContent(blob.key().value(), blob.size(), "envelope", "body", "headers", "sections"));
        return messages.append(mailbox, new NewMessage(ids.next(), blob.key().value(), blob.size(), Instant.now(), Flags.EMPTY)).uid();
    }

    /** Waits until the pins of {@code keys}, written to live {@link #SHORT_PIN}, have expired. */
    private void outlivePins(List<String> keys) throws InterruptedException {
        PreparedStatement pin = session.prepare("SELECT pin FROM blob_pins WHERE blob_key = ? LIMIT 1");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (String key : keys) {
            while (session.execute(pin.bind(key)).one() != null) {
                assertThat(System.nanoTime() - deadline).as("the pin of %s, 30 s after it was written to live %s", key, SHORT_PIN)
                        .isNegative();
                Thread.sleep(100);
            }
        }
    }

    /**
     * A blob new by construction, pinned (with its content) before it is stored and never read against the
     * condemnations, outlives a cycle with no grace that starts right after its put, while no message refers
     * to it yet; the same put with no pin, in the same cycle, is collected. Storing before pinning, or a
     * pin that is not written, fails it.
     */
    @Test
    void aNewBlobPinnedBeforeItIsStoredOutlivesACycleRightAfterItsPut() throws Exception {
        CassandraBlobPins pins = new CassandraBlobPins(session, Duration.ofMinutes(5), Duration.ofSeconds(10));
        try (MinioBlobStore store = bucket.store(pins)) {
            List<Boolean> storedBeforeItsPin = new ArrayList<>();
            BlobRef pinned = store.put(new ByteArrayInputStream(("new " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII)),
                    (blob, content) -> {
                        storedBeforeItsPin.add(store.exists(blob.key()));
                        pins.pinNew(blob.key(), Optional.of(new MessageContent(blob.key().value(), content.length, "envelope",
                                "body", "headers", "sections")));
                        return true;
                    });
            BlobRef unpinned = store.put(new ByteArrayInputStream(("new " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII)),
                    (blob, content) -> true);

            assertThat(collector(store, NO_GRACE).collect().finished()).isTrue();

            assertThat(storedBeforeItsPin).as("stored only once pinned").containsExactly(false);
            assertThat(store.exists(pinned.key())).as("a new blob, pinned, that no message refers to yet").isTrue();
            assertThat(contents.find(pinned.key().value())).as("its content, written with the pin").isPresent();
            assertThat(store.exists(unpinned.key())).as("a new blob that no pin protects").isFalse();
        }
    }

    @Test
    void unreferencedBlobsGoOnceTheGraceIsOverAndReferencedOnesStay() throws Exception {
        try (MinioBlobStore store = store(SHORT_PIN)) {
            BlobRef never = put(store, "never referred to");
            BlobRef kept = put(store, "in a mailbox");
            BlobRef expunged = put(store, "expunged");
            refer(kept);
            messages.expunge(mailbox, List.of(refer(expunged)));
            outlivePins(List.of(never.key().value(), kept.key().value(), expunged.key().value()));

            BlobCollector.Run early = collector(store, new BlobCollector.Settings(Duration.ofHours(1), Duration.ZERO,
                    Duration.ofDays(1), 100)).collect();
            assertThat(early.blobsDeleted()).as("all younger than the grace").isZero();

            BlobCollector.Run run = collector(store, NO_GRACE).collect();

            assertThat(run.finished()).isTrue();
            assertThat(run.blobsDeleted()).isEqualTo(2);
            assertThat(bucket.names()).containsExactly(kept.key().value());
            assertThat(contents.find(expunged.key().value())).isEmpty();
            assertThat(contents.find(kept.key().value())).isPresent();
        }
    }

    @Test
    void aPinnedBlobStaysAndAPutAfterTheCollectionStoresItAgain() throws Exception {
        try (MinioBlobStore longPins = store(Duration.ofMinutes(5)); MinioBlobStore shortPins = store(SHORT_PIN)) {
            BlobRef pinned = put(longPins, "pinned for minutes");
            BlobRef loose = put(shortPins, "pinned for a second");
            outlivePins(List.of(loose.key().value()));

            collector(longPins, NO_GRACE).collect();
            assertThat(bucket.names()).containsExactly(pinned.key().value());

            BlobRef again = put(shortPins, "pinned for a second");
            assertThat(again).isEqualTo(loose);
            assertThat(shortPins.exists(loose.key())).isTrue();
        }
    }

    @Test
    void temporaryLeftoversGoOnceTheirGraceIsOver() throws Exception {
        try (MinioBlobStore store = store(SHORT_PIN)) {
            bucket.putRaw("tmp/interrupted-upload");

            collector(store, new BlobCollector.Settings(Duration.ZERO, Duration.ofHours(1), Duration.ofDays(1), 100)).collect();
            assertThat(bucket.names()).containsExactly("tmp/interrupted-upload");

            BlobCollector.Run run = collector(store, NO_GRACE).collect();
            assertThat(run.temporariesDeleted()).isEqualTo(1);
            assertThat(bucket.names()).isEmpty();
        }
    }

    /**
     * One object per page: the first collector stops in the middle of the deletions (its process dies);
     * another one, on a fresh object, finishes the same cycle.
     */
    @Test
    void aCollectorStoppedMidwayIsResumedByTheNext() throws Exception {
        BlobCollector.Settings onePerPage = new BlobCollector.Settings(Duration.ZERO, Duration.ZERO, Duration.ofDays(1), 1);
        try (MinioBlobStore store = store(SHORT_PIN)) {
            for (int i = 0; i < 5; i++) {
                put(store, "unreferenced " + i);
            }
            BlobRef kept = put(store, "referenced");
            refer(kept);
            outlivePins(bucket.names());

            List<String> before = bucket.names().stream().sorted().toList();
            BlobCollector first = collector(store, onePerPage);
            // Start, 7 pages of condemnations (6 objects, then an empty page), 7 of pins, the scan, 3 deletions.
            for (int step = 0; step < 1 + 7 + 7 + 1 + 3; step++) {
                assertThat(first.step()).isTrue();
            }
            List<String> firstThree = before.subList(0, 3);
            List<String> deletedFirst = firstThree.stream().filter(name -> !name.equals(kept.key().value())).toList();
            assertThat(bucket.names()).as("the unreferenced among the first three in key order are gone")
                    .hasSize(6 - deletedFirst.size()).doesNotContainAnyElementsOf(deletedFirst);

            BlobCollector.Run rest = collector(store, onePerPage).collect();

            assertThat(rest.finished()).isTrue();
            assertThat(rest.blobsDeleted()).isEqualTo(5 - deletedFirst.size());
            assertThat(bucket.names()).containsExactly(kept.key().value());
        }
    }
}
