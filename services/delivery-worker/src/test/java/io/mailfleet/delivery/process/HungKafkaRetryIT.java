package io.mailfleet.delivery.process;

import com.datastax.oss.driver.api.core.CqlSession;
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
import io.mailfleet.testing.CassandraEndpoint;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.KafkaEndpoint;
import io.mailfleet.testing.ModuleNames;
import io.mailfleet.testing.RealInfrastructureExtension;
import io.mailfleet.testing.S3Endpoint;
import io.mailfleet.testing.process.KafkaServer;
import io.mailfleet.testing.process.Ports;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The duplicate a hung Kafka makes, reproduced and suppressed. The broker is frozen (SIGSTOP) while
 * a message is published as smtp-ingress publishes it: the publish fails, which is the client's 451,
 * yet the broker had the request in its socket and appends it once thawed. The client's retry is
 * the same octets under a new queue id and trace field. The worker stores the message once; a
 * message differing in one octet is delivered, and so is the same message sent again after the
 * window. The broker is this class's own, as freezing the shared one would stall other tests; Cassandra
 * and S3 are the module's, never frozen, and the test's data is apart in them by its domain.
 */
@ExtendWith(RealInfrastructureExtension.class)
class HungKafkaRetryIT {

    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SENDER = "ann@remote.example";

    private final MessageIdGenerator ids = new MessageIdGenerator();

    @Test
    void theRetryOfAMessageKafkaTookDespiteThe451IsStoredOnceAndOnlyWithinTheWindow(Infrastructure shared, @TempDir Path dir)
            throws Exception {
        try (KafkaServer broker = KafkaServer.start(dir.resolve("kafka"), dir.resolve("kafka.log"), Ports.free(), Ports.free(),
                true, Duration.ofSeconds(300))) {
            OwnBroker servers = new OwnBroker(broker, shared);
            String run = "hung";
            Topics topics = new Topics(run + ".inbound", run + ".outbound", run + ".mailbox", run + ".dead");
            new TopicProvisioner(servers.kafka().bootstrapServers()).createMissing(topics, new TopicLayout(3, (short) 1));
            String keyspace = ModuleNames.keyspace();
            Map<String, String> settings = Map.of(
                    "mailfleet.topics.inbound", topics.inbound(),
                    "mailfleet.topics.outbound", topics.outbound(),
                    "mailfleet.topics.mailbox-events", topics.mailboxEvents(),
                    "mailfleet.topics.dead-letter", topics.deadLetter(),
                    "mailfleet.delivery.consumer-group", run,
                    "mailfleet.delivery.retry.topic-prefix", run + ".retry",
                    "mailfleet.delivery.duplicate-window", WINDOW.toSeconds() + "s",
                    "mailfleet.relay.enabled", "false");
            CassandraConfig cassandra = CassandraConfig.singleNode(CassandraConfig.contactPoint(
                    servers.cassandra().host() + ":" + servers.cassandra().port()), servers.cassandra().localDatacenter(), keyspace);
            Path logs = Files.createDirectories(Path.of("target", "hung-kafka-test"));
            MinioBlobStoreConfig s3 = new MinioBlobStoreConfig(URI.create(servers.s3().url()), servers.s3().region(),
                    servers.s3().accessKey(), servers.s3().secretKey(), "mailfleet-blobs", Duration.ofSeconds(5),
                    Duration.ofSeconds(30), Duration.ofSeconds(30), MinioBlobStoreConfig.DEFAULT_MAX_CONCURRENT_REQUESTS);

            try (WorkerProcess worker = WorkerProcess.start(servers, settings, logs.resolve("worker.log"));
                 CqlSession session = CassandraSessions.openMigrated(cassandra);
                 MinioBlobStore blobs = MinioBlobStore.create(s3);
                 EventPublisher events = new EventPublisher(ProducerSettings.defaults(servers.kafka().bootstrapServers()), topics);
                 Admin kafka = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                         servers.kafka().bootstrapServers()))) {
                blobs.ensureBucket();
                Domain domain = Domain.parse("hung.test");
                new CassandraDomainRepository(session, Clock.systemUTC()).create(domain);
                MailAddress bob = MailAddress.parse("bob@hung.test");
                new CassandraAccountRepository(session).create(new Account(bob, "$argon2id$unused", OptionalLong.empty(), Instant.now()));
                CassandraMailboxRepository mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
                CassandraMessageRepository messages = new CassandraMessageRepository(session);
                BooleanSupplier ready = worker::isReady;
                assertThat(await(ready)).as("worker ready").isTrue();

                String client = "From: " + SENDER + "\r\nTo: " + bob + "\r\nSubject: once\r\nMessage-ID: <once@remote.example>\r\n"
                        + "Date: Sat, 05 Dec 2026 10:00:00 +0000\r\n\r\nStored once.\r\n";
                // A publish before the freeze: the producer knows the broker and its partitions, as a running ingress does.
                events.publish(accepted(blobs, bob, "mx1.remote.example", client.replace("once", "warm-up")))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);

                MailAccepted first = accepted(blobs, bob, "mx1.remote.example", client);
                signal(servers, "-STOP");
                try {
                    assertThatThrownBy(() -> events.publish(first).toCompletableFuture().get(15, TimeUnit.SECONDS))
                            .as("the publish fails: the client is told 451").isInstanceOf(ExecutionException.class);
                } finally {
                    signal(servers, "-CONT");
                }
                MailAccepted retry = accepted(blobs, bob, "mx2.remote.example", client);
                events.publish(retry).toCompletableFuture().get(10, TimeUnit.SECONDS);

                assertThat(await(() -> keys(servers, topics.inbound()).contains(first.messageId())))
                        .as("the broker appended the publish the client was told had failed").isTrue();
                assertThat(await(() -> GroupOffsets.committedToTheEnd(kafka, run, topics.inbound()))).as("the worker took both").isTrue();
                List<String> stored = inbox(mailboxes, messages, bob);
                assertThat(stored).as("the warm-up and one copy").hasSize(2);
                assertThat(stored).filteredOn(id -> id.equals(first.messageId()) || id.equals(retry.messageId()))
                        .as("one of the two copies").hasSize(1);
                assertThat(duplicates(worker.metrics())).as("the second counted as a duplicate").isGreaterThanOrEqualTo(1.0);

                MailAccepted other = accepted(blobs, bob, "mx1.remote.example", client.replace("Stored once.", "Stored once!"));
                events.publish(other).toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(await(() -> inbox(mailboxes, messages, bob).contains(other.messageId())))
                        .as("a message differing in one octet is another message").isTrue();

                Thread.sleep(WINDOW.plusSeconds(1).toMillis());
                MailAccepted again = accepted(blobs, bob, "mx1.remote.example", client);
                events.publish(again).toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(await(() -> inbox(mailboxes, messages, bob).contains(again.messageId())))
                        .as("the same message sent again after the window").isTrue();
                assertThat(inbox(mailboxes, messages, bob)).hasSize(4);
            }
        }
    }

    /** Stores the body as smtp-ingress does, its trace field first, and returns the event it would publish. */
    private MailAccepted accepted(MinioBlobStore blobs, MailAddress to, String helo, String client) throws Exception {
        String id = ids.next().toString();
        byte[] body = ("Received: from " + helo + " ([192.0.2.7])\r\n\tby mx.hung.test with ESMTP id " + id + "\r\n\tfor <" + to
                + ">;\r\n\t" + "Sat, 5 Dec 2026 10:00:01 +0000\r\n" + client).getBytes(StandardCharsets.UTF_8);
        BlobRef blob = blobs.put(new ByteArrayInputStream(body), body.length);
        return new MailAccepted(MailAccepted.CURRENT_VERSION, id, id, Optional.of(SENDER),
                List.of(new Recipient(to.toString(), Set.of(), Optional.empty())), Optional.empty(), Optional.empty(),
                BodyType.SEVEN_BIT, false, blob.key().value(), body.length, Instant.now(),
                new ClientInfo("192.0.2.7", helo, Optional.empty(), Optional.empty(), Listener.MX));
    }

    /** The module's Cassandra and S3 with this class's own broker, which it freezes. */
    private record OwnBroker(KafkaServer broker, Infrastructure shared) implements Infrastructure {
        @Override
        public KafkaEndpoint kafka() {
            return broker.endpoint();
        }

        @Override
        public CassandraEndpoint cassandra() {
            return shared.cassandra();
        }

        @Override
        public S3Endpoint s3() {
            return shared.s3();
        }

        @Override
        public String mode() {
            return shared.mode();
        }

        /** The broker is closed by its own try block, the shared servers by the test run. */
        @Override
        public void close() {
        }
    }

    private static void signal(OwnBroker servers, String signal) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        servers.broker().process().processes().forEach(process -> command.add(Long.toString(process.pid())));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }

    private static List<String> inbox(CassandraMailboxRepository mailboxes, CassandraMessageRepository messages, MailAddress account) {
        return mailboxes.find(account.lookupKey(), MailboxPath.INBOX)
                .map(inbox -> messages.list(inbox.id()).stream().map(m -> m.messageId().toString()).toList())
                .orElse(List.of());
    }

    /** The keys of every record on the topic. */
    private static Set<String> keys(Infrastructure servers, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
            }
        }
        return keys;
    }

    private static double duplicates(String metrics) {
        return metrics.lines().filter(line -> line.startsWith("mailfleet_delivery_recipients_total{")
                        && line.contains("outcome=\"duplicate\"") && line.contains("route=\"local\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }
}
