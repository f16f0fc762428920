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
import io.mailfleet.testing.ModuleNames;
import io.mailfleet.testing.RealInfrastructureExtension;
import com.datastax.oss.driver.api.core.CqlSession;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
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
import java.util.HashSet;
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
 * Worker processes are SIGKILLed in the middle of a stream of messages: first one of two, then the
 * only one, which is started again. The partitions of a dead member are delivered again within
 * 10 s, the lag metric shows the waiting mail meanwhile, and every message is in each of its
 * recipients' INBOXes exactly once: a kill lands between writes and offset commits, so successors
 * read events that were already delivered, and their receipts stop a second copy. Last, a worker
 * stopped gracefully is out of the group as soon as its process has exited.
 */
@ExtendWith(RealInfrastructureExtension.class)
class KillAndRestartIT {

    private static final int MESSAGES = 1000;
    private static final int ACCOUNTS = 10;
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);

    @Test
    void aDeadMembersPartitionsAreDeliveredAgainWithinSecondsAndEveryMessageIsStoredExactlyOnce(Infrastructure servers)
            throws Exception {
        String run = "kill" + UUID.randomUUID().toString().substring(0, 8);
        Topics topics = new Topics(run + ".inbound", run + ".outbound", run + ".mailbox", run + ".dead");
        new TopicProvisioner(servers.kafka().bootstrapServers()).createMissing(topics, new TopicLayout(3, (short) 1));
        // The module's keyspace: this run's data is apart by its domain, and its topics and group are its own.
        String keyspace = ModuleNames.keyspace();
        CassandraConfig cassandra = CassandraConfig.singleNode(CassandraConfig.contactPoint(
                servers.cassandra().host() + ":" + servers.cassandra().port()), servers.cassandra().localDatacenter(), keyspace);
        Map<String, String> settings = new HashMap<>(Map.of(
                "mailfleet.cassandra.keyspace", keyspace,
                "mailfleet.topics.inbound", topics.inbound(),
                "mailfleet.topics.outbound", topics.outbound(),
                "mailfleet.topics.mailbox-events", topics.mailboxEvents(),
                "mailfleet.topics.dead-letter", topics.deadLetter(),
                "mailfleet.delivery.consumer-group", run,
                "mailfleet.delivery.inbound-consumers", "1",
                "mailfleet.delivery.retry.topic-prefix", run + ".retry",
                "mailfleet.relay.enabled", "false"));
        Path logs = Files.createDirectories(Path.of("target", "kill-test"));

        try (CqlSession session = CassandraSessions.openMigrated(cassandra);
             Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers()))) {
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
            Map<TopicPartition, Long> ends = GroupOffsets.ends(kafka, topics.inbound());

            try (WorkerProcess doomed = WorkerProcess.start(servers, settings, logs.resolve(run + "-a.log"));
                 WorkerProcess survivor = WorkerProcess.start(servers, settings, logs.resolve(run + "-b.log"))) {
                assertThat(await(() -> doomed.isReady() && survivor.isReady(), Duration.ofMinutes(2))).as("both ready").isTrue();
                assertThat(await(() -> stored.getAsLong() >= copies / 5, Duration.ofMinutes(3))).as("the two deliver").isTrue();
                Map<TopicPartition, Long> atKill = GroupOffsets.committed(kafka, run);
                doomed.kill();
                long killedAt = System.nanoTime();
                Set<TopicPartition> waiting = new HashSet<>(ends.keySet());
                waiting.removeIf(partition -> atKill.getOrDefault(partition, 0L) >= ends.get(partition));
                assertThat(waiting).as("killed in the middle of the stream").isNotEmpty();

                double lagDuringStall = lag(survivor.metrics(), run, topics.inbound());
                long storedAtKill = stored.getAsLong();
                // Waits longer than the bound, so that a slow recovery is measured, not only refused.
                boolean movedOn = await(() -> movedOn(kafka, run, atKill, waiting), RECOVERY_BOUND.multipliedBy(3));
                long recovery = elapsedMillis(killedAt);
                System.out.printf("KillAndRestartIT: every partition with mail waiting committed again %d ms after the kill"
                        + " (%d copies stored meanwhile); lag metric during the stall %.0f%n",
                        recovery, stored.getAsLong() - storedAtKill, lagDuringStall);
                assertThat(movedOn && recovery <= RECOVERY_BOUND.toMillis())
                        .as("every partition with mail waiting commits again within " + RECOVERY_BOUND).isTrue();
                assertThat(lagDuringStall).as("the lag metric shows the waiting mail").isPositive();

                survivor.kill();
                long atSecondKill = stored.getAsLong();
                assertThat(atSecondKill).as("the only worker killed in the middle of the stream").isLessThan(copies);

                try (WorkerProcess restarted = WorkerProcess.start(servers, settings, logs.resolve(run + "-c.log"))) {
                    assertThat(await(restarted::isReady, Duration.ofMinutes(2))).as("restarted and ready").isTrue();
                    long readyAt = System.nanoTime();
                    long atReady = stored.getAsLong();
                    boolean resumed = atReady > atSecondKill || await(() -> stored.getAsLong() > atReady, RECOVERY_BOUND);
                    System.out.printf("KillAndRestartIT: the restarted worker delivers %d ms after its readiness%n",
                            atReady > atSecondKill ? 0 : elapsedMillis(readyAt));
                    assertThat(resumed).as("delivering within " + RECOVERY_BOUND + " of readiness").isTrue();
                    assertThat(await(() -> stored.getAsLong() >= copies, Duration.ofMinutes(5))).as("the restarted worker finishes").isTrue();
                    // Once every event is committed, nothing is left that would be read and delivered again.
                    assertThat(await(() -> GroupOffsets.committedToTheEnd(kafka, run, ends), Duration.ofMinutes(1)))
                            .as("every inbound partition committed to its end").isTrue();
                    assertThat(restarted.isAlive()).isTrue();

                    gracefulStopLeavesTheGroupAtOnce(servers, settings, logs.resolve(run + "-d.log"), kafka, run,
                            topics.inbound());
                }
            }

            for (MailAddress account : accounts) {
                List<StoredMessage> inbox = messages.list(mailboxes.find(account.lookupKey(), MailboxPath.INBOX).orElseThrow().id());
                assertThat(inbox).extracting(m -> m.messageId().toString()).as("INBOX of " + account)
                        .containsExactlyInAnyOrderElementsOf(expected.get(account));
            }
            assertThat(stored.getAsLong()).isEqualTo(copies);
        }
    }

    /**
     * A second worker joins and takes partitions, then is stopped as Kubernetes stops a pod
     * (SIGTERM). Once its process has exited the broker no longer counts it as a member: it left
     * the group, where a member that only went silent would stay listed for the session timeout.
     * The one left then holds every partition.
     */
    private static void gracefulStopLeavesTheGroupAtOnce(Infrastructure servers, Map<String, String> settings, Path log,
                                                         Admin kafka, String group, String topic) throws Exception {
        Map<String, Integer> members;
        try (WorkerProcess leaving = WorkerProcess.start(servers, settings, log)) {
            assertThat(await(() -> leaving.isReady() && partitionsByMember(kafka, group, topic).size() == 2
                    && !partitionsByMember(kafka, group, topic).containsValue(0), Duration.ofMinutes(2)))
                    .as("a second member with partitions of its own").isTrue();
            long stopping = System.nanoTime();
            leaving.close();
            long stopped = elapsedMillis(stopping);
            assertThat(leaving.isAlive()).as("stopped by SIGTERM").isFalse();
            members = partitionsByMember(kafka, group, topic);
            assertThat(members).as("members once the stopped worker has exited, %d ms after SIGTERM", stopped).hasSize(1);
            long exitedAt = System.nanoTime();
            assertThat(await(() -> partitionsByMember(kafka, group, topic).containsValue(3), RECOVERY_BOUND))
                    .as("the remaining member holds all three partitions").isTrue();
            System.out.printf("KillAndRestartIT: a worker stopped by SIGTERM exited after %d ms, out of the group by then;"
                    + " the other held every partition %d ms later%n", stopped, elapsedMillis(exitedAt));
        }
    }

    /** Each member of the group, by id, with how many partitions of the topic it is assigned. */
    private static Map<String, Integer> partitionsByMember(Admin kafka, String group, String topic) {
        try {
            Map<String, Integer> members = new HashMap<>();
            kafka.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(5, TimeUnit.SECONDS).members()
                    .forEach(member -> members.put(member.consumerId(), (int) member.assignment().topicPartitions().stream()
                            .filter(partition -> partition.topic().equals(topic)).count()));
            return members;
        } catch (Exception e) {
            throw new IllegalStateException("describing consumer group " + group, e);
        }
    }

    /** The group's lag on the topic as the worker exports it. */
    private static double lag(String metrics, String group, String topic) {
        String series = "mailfleet_delivery_consumer_lag_records{group=\"" + group + "\",topic=\"" + topic + "\"} ";
        return metrics.lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + "in\n" + metrics));
    }

    /** Whether each of the partitions has a commit past its offset then. */
    private static boolean movedOn(Admin kafka, String group, Map<TopicPartition, Long> then, Set<TopicPartition> partitions) {
        try {
            Map<TopicPartition, Long> now = GroupOffsets.committed(kafka, group);
            return partitions.stream().allMatch(p -> now.getOrDefault(p, 0L) > then.getOrDefault(p, 0L));
        } catch (Exception e) {
            return false;
        }
    }

    private static long elapsedMillis(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
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
            // One body for all: what is tested is the events, and publishing them stays quick.
            byte[] body = ("From: load@remote.example\r\nTo: many@remote.example\r\nSubject: load\r\n"
                    + "Message-ID: <load@remote.example>\r\n\r\nThe same body for every message\r\n").getBytes(StandardCharsets.UTF_8);
            BlobRef blob = blobs.put(new ByteArrayInputStream(body), body.length);
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                List<MailAddress> to = new ArrayList<>(List.of(accounts.get(i % ACCOUNTS)));
                if (i % 7 == 0) {
                    to.add(accounts.get((i + 3) % ACCOUNTS));
                }
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
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }
}
