package io.mailfleet.delivery.inbound;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.ClientDigest;
import io.mailfleet.model.event.ClientInfo;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.BlobStore;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraFirstCopies;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.ModuleNames;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry of a message is found by the digest smtp-ingress carried in its event, without reading
 * the body back from S3; an event written without one (by an older ingress) is matched by the
 * digest of its stored body, so a retry split across the two kinds of event is still one message.
 */
@ExtendWith(RealInfrastructureExtension.class)
class RetriedCopiesIT {

    private static final String SENDER = "ann@remote.example";
    private static final String BOB = "bob@local.test";
    private static final MessageIdGenerator IDS = new MessageIdGenerator();

    private static CqlSession session;
    private static BlobStore blobs;
    private final AtomicInteger gets = new AtomicInteger();

    @BeforeAll
    static void connect(Infrastructure servers) {
        session = CassandraSessions.openMigrated(CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                servers.cassandra().localDatacenter(), ModuleNames.keyspace()));
        blobs = MinioBlobStore.open(new MinioBlobStoreConfig(URI.create(servers.s3().url()), servers.s3().region(),
                servers.s3().accessKey(), servers.s3().secretKey(), "retried-copies-it", Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(30), MinioBlobStoreConfig.DEFAULT_MAX_CONCURRENT_REQUESTS));
    }

    @AfterAll
    static void close() {
        blobs.close();
        session.close();
    }

    @Test
    void anEventWithItsClientDigestIsCheckedWithoutReadingTheBody() throws IOException {
        RetriedCopies retried = new RetriedCopies(countingGets(blobs), new CassandraFirstCopies(session), Duration.ofMinutes(5),
                Clock.systemUTC());
        String client = "Subject: digest at ingress " + UUID.randomUUID() + "\r\n\r\nhello\r\n";

        MailAccepted first = accepted(client, true);
        MailAccepted retry = accepted(client, true);

        assertThat(retried.destinationsOf(first).reachedBefore(BOB)).isFalse();
        assertThat(retried.destinationsOf(retry).reachedBefore(BOB)).isTrue();
        assertThat(gets).as("S3 GETs").hasValue(0);
    }

    @Test
    void anEventWithoutOneIsMatchedByItsStoredBody() throws IOException {
        RetriedCopies retried = new RetriedCopies(countingGets(blobs), new CassandraFirstCopies(session), Duration.ofMinutes(5),
                Clock.systemUTC());
        String client = "Subject: digest from S3 " + UUID.randomUUID() + "\r\n\r\nhello\r\n";

        MailAccepted fromOlderIngress = accepted(client, false);
        MailAccepted retry = accepted(client, true);

        assertThat(retried.destinationsOf(fromOlderIngress).reachedBefore(BOB)).isFalse();
        assertThat(gets).as("S3 GETs").hasValue(1);
        assertThat(retried.destinationsOf(retry).reachedBefore(BOB)).isTrue();
        assertThat(gets).as("S3 GETs").hasValue(1);
    }

    /**
     * In a store upgraded from workers that claim local accounts in {@code first_copies} (migration 010 applied
     * long before 019), an account is claimed there too for a window after the upgrade: a claim an older worker
     * took keeps a retry out, and the claim taken here keeps out an older worker's retry. In a store that got both
     * migrations at once (the module's keyspace), and after the window, the INBOX claim alone decides.
     */
    @Test
    void aClaimAnOlderWorkerTookForAnAccountIsHonouredForAWindowAfterTheUpgrade(Infrastructure servers) throws IOException {
        CassandraConfig upgradedConfig = CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                servers.cassandra().localDatacenter(), "retried_copies_upgraded_it");
        try (CqlSession upgraded = CassandraSessions.openMigrated(upgradedConfig)) {
            upgraded.execute("UPDATE schema_migrations SET applied_at = ? WHERE version = 10", Instant.now().minus(Duration.ofDays(30)));
            String client = "Subject: claimed by an older worker " + UUID.randomUUID() + "\r\n\r\nhello\r\n";
            MailAccepted first = accepted(client, true);
            MailAccepted retry = accepted(client, true);
            CassandraFirstCopies firstCopies = new CassandraFirstCopies(upgraded);
            firstCopies.claim(HexFormat.of().parseHex(first.clientDigest().orElseThrow()), BOB, first.messageId(), Duration.ofMinutes(5));
            RetriedCopies afterUpgrade = new RetriedCopies(blobs, firstCopies, Duration.ofMinutes(5), Clock.systemUTC());
            RetriedCopies windowPassed = new RetriedCopies(blobs, firstCopies, Duration.ofMinutes(5),
                    Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)));
            RetriedCopies newStore = new RetriedCopies(blobs, new CassandraFirstCopies(session), Duration.ofMinutes(5), Clock.systemUTC());

            MailAccepted retryOfNewer = accepted(client + "again\r\n", true);
            MailAccepted olderWorkersRetry = accepted(client + "again\r\n", true);

            assertThat(afterUpgrade.destinationsOf(retry).accountReachedBefore(BOB)).isTrue();
            assertThat(afterUpgrade.destinationsOf(first).accountReachedBefore(BOB)).isFalse();
            assertThat(afterUpgrade.destinationsOf(retryOfNewer).accountReachedBefore(BOB)).isFalse();
            assertThat(firstCopies.claim(HexFormat.of().parseHex(olderWorkersRetry.clientDigest().orElseThrow()), BOB,
                    olderWorkersRetry.messageId(), Duration.ofMinutes(5))).isEqualTo(retryOfNewer.messageId());
            assertThat(windowPassed.destinationsOf(retry).accountReachedBefore(BOB)).isFalse();
            assertThat(newStore.destinationsOf(retry).accountReachedBefore(BOB)).isFalse();
        }
    }

    /** Stores the body as smtp-ingress does, its trace field first, and returns its event, with or without the digest. */
    private static MailAccepted accepted(String client, boolean withDigest) throws IOException {
        String id = IDS.next().toString();
        byte[] body = ("Received: from mx.remote.example ([192.0.2.7])\r\n\tby mx.local.test with ESMTP id " + id
                + ";\r\n\tSat, 5 Dec 2026 10:00:01 +0000\r\n" + client).getBytes(StandardCharsets.UTF_8);
        BlobRef blob = blobs.put(new ByteArrayInputStream(body), body.length);
        Optional<String> digest = Optional.empty();
        if (withDigest) {
            digest = ClientDigest.of(id, SENDER, new ByteArrayInputStream(body)).map(ClientDigest::hex);
        }
        return new MailAccepted(MailAccepted.CURRENT_VERSION, id, id, Optional.of(SENDER),
                List.of(new Recipient(BOB, Set.of(), Optional.empty())), Optional.empty(), Optional.empty(),
                BodyType.SEVEN_BIT, false, blob.key().value(), body.length, Instant.now(),
                new ClientInfo("192.0.2.7", "mx.remote.example", Optional.empty(), Optional.empty(), Listener.MX), digest);
    }

    /** The real store, counting whole-body reads. */
    private BlobStore countingGets(BlobStore store) {
        return new BlobStore() {
            @Override
            public BlobRef put(InputStream content, long size) throws IOException {
                return store.put(content, size);
            }

            @Override
            public BlobRef put(InputStream content) throws IOException {
                return store.put(content);
            }

            @Override
            public InputStream get(BlobKey key) {
                gets.incrementAndGet();
                return store.get(key);
            }

            @Override
            public InputStream get(BlobKey key, long offset, long length) {
                gets.incrementAndGet();
                return store.get(key, offset, length);
            }

            @Override
            public long size(BlobKey key) {
                return store.size(key);
            }

            @Override
            public boolean exists(BlobKey key) {
                return store.exists(key);
            }

            @Override
            public void delete(BlobKey key) {
                store.delete(key);
            }

            @Override
            public void close() {
            }
        };
    }
}
