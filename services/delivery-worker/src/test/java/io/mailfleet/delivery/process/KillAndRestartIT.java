package io.mailfleet.delivery.process;

import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.ProducerSettings;
import io.mailfleet.events.topic.TopicLayout;
import io.mailfleet.events.topic.TopicProvisioner;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.ClientInfo;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import com.datastax.oss.driver.api.core.CqlSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker process is SIGKILLed in the middle of 1,000 messages and started again: every message
 * is in each of its recipients' INBOXes exactly once. The kill lands between writes and offset
 * commits, so the restarted worker reads events that were already delivered; their receipts stop
 * a second copy.
 */
@ExtendWith(RealInfrastructureExtension.class)
class KillAndRestartIT {

    private static final int MESSAGES = 1000;
    private static final int ACCOUNTS = 10;

    @Test
    void killedMidStreamAndRestartedEveryMessageIsStoredExactlyOnce(Infrastructure servers) throws Exception {
        String run = "kill" + UUID.randomUUID().toString().substring(0, 8);
        Topics topics = new Topics(run + ".inbound", run + ".outbound", run + ".mailbox", run + ".dead");
        new TopicProvisioner(servers.kafka().bootstrapServers()).createMissing(topics, new TopicLayout(3, (short) 1));
        String keyspace = "delivery_" + run;
        CassandraConfig cassandra = CassandraConfig.singleNode(CassandraConfig.contactPoint(
                servers.cassandra().host() + ":" + servers.cassandra().port()), servers.cassandra().localDatacenter(), keyspace);
        Map<String, String> settings = new HashMap<>(Map.of(
                "mailfleet.cassandra.keyspace", keyspace,
                "mailfleet.topics.inbound", topics.inbound(),
                "mailfleet.topics.outbound", topics.outbound(),
                "mailfleet.topics.mailbox-events", topics.mailboxEvents(),
                "mailfleet.topics.dead-letter", topics.deadLetter(),
                "mailfleet.delivery.consumer-group", run,
                "mailfleet.delivery.retry.topic-prefix", run + ".retry",
                "mailfleet.relay.enabled", "false"));
        Path log = Files.createDirectories(Path.of("target", "kill-test")).resolve(run + ".log");

        try (CqlSession session = CassandraSessions.openMigrated(cassandra)) {
            Domain domain = Domain.parse(run + ".test");
            new CassandraDomainRepository(session, Clock.systemUTC()).create(domain);
            List<MailAddress> accounts = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                MailAddress address = MailAddress.parse("user" + i + "@" + domain.ascii());
                new CassandraAccountRepository(session).create(new Account(address, "$argon2id$unused", OptionalLong.empty(), Instant.now()));
                accounts.add(address);
            }
            Map<MailAddress, List<String>> expected = publish(servers, topics, accounts);
            long copies = expected.values().stream().mapToLong(List::size).sum();
            CassandraMessageRepository messages = new CassandraMessageRepository(session);
            CassandraMailboxRepository mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
            LongSupplier stored = () -> accounts.stream().mapToLong(a -> mailboxes.find(a.lookupKey(), MailboxPath.INBOX)
                    .map(m -> messages.counters(m.id()).messages()).orElse(0L)).sum();

            WorkerProcess first = WorkerProcess.start(servers, settings, log);
            long atKill;
            try {
                assertThat(await(() -> stored.getAsLong() >= copies / 4, Duration.ofMinutes(3))).as("the first worker delivers").isTrue();
                first.kill();
                atKill = stored.getAsLong();
            } finally {
                first.close();
            }
            assertThat(atKill).as("killed in the middle of the stream").isLessThan(copies);

            try (WorkerProcess second = WorkerProcess.start(servers, settings, log)) {
                assertThat(await(() -> stored.getAsLong() >= copies, Duration.ofMinutes(5))).as("the second worker finishes").isTrue();
                // Anything that would still make a second copy has had time to do so.
                Thread.sleep(3000);
                assertThat(second.isAlive()).isTrue();
            }

            for (MailAddress account : accounts) {
                List<StoredMessage> inbox = messages.list(mailboxes.find(account.lookupKey(), MailboxPath.INBOX).orElseThrow().id());
                assertThat(inbox).extracting(m -> m.messageId().toString()).as("INBOX of " + account)
                        .containsExactlyInAnyOrderElementsOf(expected.get(account));
            }
            assertThat(stored.getAsLong()).isEqualTo(copies);
        }
    }

    /** Message i goes to account i mod 10, and every seventh also to the account three along. */
    private static Map<MailAddress, List<String>> publish(Infrastructure servers, Topics topics, List<MailAddress> accounts)
            throws Exception {
        MinioBlobStoreConfig s3 = new MinioBlobStoreConfig(URI.create(servers.s3().url()), servers.s3().region(),
                servers.s3().accessKey(), servers.s3().secretKey(), "mailfleet-blobs", Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(30), MinioBlobStoreConfig.DEFAULT_MAX_CONCURRENT_REQUESTS);
        Map<MailAddress, List<String>> expected = new HashMap<>();
        MessageIdGenerator ids = new MessageIdGenerator();
        try (MinioBlobStore blobs = MinioBlobStore.create(s3);
             EventPublisher events = new EventPublisher(ProducerSettings.defaults(servers.kafka().bootstrapServers()), topics)) {
            blobs.ensureBucket();
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                List<MailAddress> to = new ArrayList<>(List.of(accounts.get(i % ACCOUNTS)));
                if (i % 7 == 0) {
                    to.add(accounts.get((i + 3) % ACCOUNTS));
                }
                byte[] body = ("From: load@remote.example\r\nTo: " + to.get(0) + "\r\nSubject: message " + i
                        + "\r\nMessage-ID: <" + i + "@remote.example>\r\n\r\nBody of message " + i + "\r\n")
                        .getBytes(StandardCharsets.UTF_8);
                BlobRef blob = blobs.put(new ByteArrayInputStream(body), body.length);
                String id = ids.next().toString();
                MailAccepted event = new MailAccepted(MailAccepted.CURRENT_VERSION, id, id.substring(16),
                        Optional.of("load@remote.example"),
                        to.stream().map(a -> new Recipient(a.toString(), Set.of(), Optional.empty())).toList(),
                        Optional.empty(), Optional.empty(), BodyType.SEVEN_BIT, false, blob.key().value(), body.length,
                        Instant.now(), new ClientInfo("192.0.2.9", "load.example", Optional.empty(), Optional.empty(), Listener.MX));
                acks.add(events.publish(event).toCompletableFuture());
                to.forEach(a -> expected.computeIfAbsent(a, k -> new ArrayList<>()).add(id));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        return expected;
    }

    private static boolean await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
