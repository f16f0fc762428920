package io.mailfleet.events;

import static io.mailfleet.events.KafkaTestSupport.WAIT;
import static io.mailfleet.events.KafkaTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mailfleet.events.broadcast.AccountWatchers;
import io.mailfleet.events.broadcast.BroadcastSettings;
import io.mailfleet.events.broadcast.MailboxEventBroadcast;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.FlagsChanged;
import io.mailfleet.model.event.MailboxEvent;
import io.mailfleet.model.event.MessageAdded;
import io.mailfleet.model.event.MessageExpunged;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import io.mailfleet.testing.process.KafkaServer;
import io.mailfleet.testing.process.Ports;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Gateway instances, played by readers in one JVM, hearing a real broker's mailbox events. */
@ExtendWith(RealInfrastructureExtension.class)
class MailboxEventBroadcastIT {

    private static final MailAddress ANN = MailAddress.parse("ann@example.org");
    private static final MailAddress BOB = MailAddress.parse("bob@example.org");
    private static final String MAILBOX = MailboxId.random().toString();

    private final MessageIdGenerator messageIds = new MessageIdGenerator();
    private final AtomicLong modSeq = new AtomicLong();

    @Test
    void everyInstanceHearsEveryEventAndWakesOnlyTheSessionsOfTheChangedAccount(Infrastructure servers)
            throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 3);
        String topic = topics.mailboxEvents();
        // Short metadata refreshes, so that the partition added below is found within the test.
        BroadcastSettings settings = BroadcastSettings.defaults(bootstrap, topic)
                .withClientProperties(Map.of(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500"));
        MeterRegistry firstMetrics = new SimpleMeterRegistry();
        MeterRegistry secondMetrics = new SimpleMeterRegistry();
        try (MailboxEventBroadcast first = MailboxEventBroadcast.start(settings, firstMetrics);
             MailboxEventBroadcast second = MailboxEventBroadcast.start(settings, secondMetrics);
             EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            assertThat(await(() -> first.connected() && second.connected(), WAIT)).as("both readers connected").isTrue();
            AtomicInteger annOnFirst = new AtomicInteger();
            AtomicInteger bobOnFirst = new AtomicInteger();
            AtomicInteger annOnSecond = new AtomicInteger();
            AccountWatchers.Watch annWatch = first.watch(ANN, event -> annOnFirst.incrementAndGet());
            first.watch(BOB, event -> bobOnFirst.incrementAndGet());
            second.watch(MailAddress.parse("ANN@example.org"), event -> annOnSecond.incrementAndGet());

            List<MailAddress> others = List.of(MailAddress.parse("cy@example.org"), MailAddress.parse("dee@example.org"));
            int published = 0;
            for (int i = 0; i < 30; i++) {
                publish(publisher, ANN, i);
                publish(publisher, i % 3 == 0 ? BOB : others.get(i % 2), i);
                published += 2;
            }
            int total = published;
            assertThat(await(() -> eventsRead(firstMetrics) == total && eventsRead(secondMetrics) == total, WAIT))
                    .as("each reader read all %d events", total).isTrue();
            assertThat(annOnFirst).hasValue(30);
            assertThat(annOnSecond).hasValue(30);
            assertThat(bobOnFirst).hasValue(10);
            assertThat(secondMetrics.get("mailfleet_imap_push_events_total").tag("outcome", "unwatched").counter()
                    .count()).isEqualTo(30);
            assertThat(firstMetrics.get("mailfleet_imap_push_delay_seconds").timer().count()).isEqualTo(40);
            assertThat(firstMetrics.get("mailfleet_imap_push_connected").gauge().value()).isEqualTo(1);

            annWatch.close();
            assertThat(firstMetrics.get("mailfleet_imap_push_watchers").gauge().value()).isEqualTo(1);
            for (int i = 0; i < 5; i++) {
                publish(publisher, ANN, i);
            }
            assertThat(await(() -> annOnSecond.get() == 35, WAIT)).isTrue();
            assertThat(await(() -> eventsRead(firstMetrics) == total + 5, WAIT)).isTrue();
            assertThat(annOnFirst).as("a closed watch is not woken").hasValue(30);

            MailAddress onNewPartition = accountOnPartition(3, 4);
            AtomicInteger newPartitionWakes = new AtomicInteger();
            first.watch(onNewPartition, event -> newPartitionWakes.incrementAndGet());
            addPartitions(bootstrap, topic, 4);
            // Published at once, likely before the reader found the partition: it reads new ones from the start.
            publish(publisher, onNewPartition, 0);
            assertThat(await(() -> newPartitionWakes.get() == 1, WAIT)).as("an event in a partition added later").isTrue();
        }
    }

    /**
     * Delivery to wake-up on an idle broker: each event is published and awaited in turn, paced at
     * 50 a second. Printed for the report, not asserted: tests assert no times.
     */
    @Test
    void pushDelayFromPublishToWakeUp(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 3);
        int events = 200;
        MeterRegistry metrics = new SimpleMeterRegistry();
        long[] delays = new long[events];
        try (MailboxEventBroadcast reader = MailboxEventBroadcast.start(
                BroadcastSettings.defaults(bootstrap, topics.mailboxEvents()), metrics);
             EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            assertThat(await(reader::connected, WAIT)).isTrue();
            Semaphore woken = new Semaphore(0);
            AtomicLong wokenAt = new AtomicLong();
            reader.watch(ANN, event -> {
                wokenAt.set(System.nanoTime());
                woken.release();
            });
            for (int i = 0; i < events; i++) {
                long start = System.nanoTime();
                publish(publisher, ANN, i);
                assertThat(woken.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)).as("event %d woke the session", i).isTrue();
                delays[i] = wokenAt.get() - start;
                Thread.sleep(Math.max(0, 20 - (System.nanoTime() - start) / 1_000_000));
            }
        }
        Arrays.sort(delays);
        System.out.printf("push delay, publish -> wake, %d events at 50/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                        + " mailfleet_imap_push_delay_seconds (Kafka timestamp -> wake) mean %.1f ms, max %.1f ms%n",
                events, delays[events / 2] / 1e6, delays[events * 99 / 100 - 1] / 1e6, delays[events - 1] / 1e6,
                metrics.get("mailfleet_imap_push_delay_seconds").timer().mean(TimeUnit.MILLISECONDS),
                metrics.get("mailfleet_imap_push_delay_seconds").timer().max(TimeUnit.MILLISECONDS));
        assertThat(metrics.get("mailfleet_imap_push_delay_seconds").timer().count()).isEqualTo(events);
    }

    /** A broker of its own, stopped and started again on the same data and port. */
    @Test
    void whenKafkaStopsTheReaderSaysSoAndWhenItReturnsWakesSessionsAgain(Infrastructure servers, @TempDir Path dir)
            throws Exception {
        assumeTrue(servers.mode().equals("processes"), "the servers run as containers: no broker process to start here");
        KafkaServer broker = KafkaServer.start(dir.resolve("kafka"), dir.resolve("kafka.log"), Ports.free(), Ports.free(), true,
                Duration.ofSeconds(90));
        try {
            String bootstrap = broker.endpoint().bootstrapServers();
            Topics topics = KafkaTestSupport.freshTopics(bootstrap, 2);
            MeterRegistry metrics = new SimpleMeterRegistry();
            try (MailboxEventBroadcast reader = MailboxEventBroadcast.start(
                    BroadcastSettings.defaults(bootstrap, topics.mailboxEvents()), metrics)) {
                assertThat(await(reader::connected, WAIT)).isTrue();
                AtomicInteger woken = new AtomicInteger();
                reader.watch(ANN, event -> woken.incrementAndGet());
                publishOne(bootstrap, topics, ANN);
                assertThat(await(() -> woken.get() == 1, WAIT)).isTrue();

                KafkaServer.Layout layout = broker.layout();
                broker.close();
                assertThat(await(() -> !reader.connected(), WAIT)).as("the reader noticed the broker left").isTrue();
                assertThat(metrics.get("mailfleet_imap_push_connected").gauge().value()).isZero();

                broker = KafkaServer.start(layout, Duration.ofSeconds(90));
                assertThat(await(reader::connected, WAIT)).as("the reader is back with the broker").isTrue();
                publishOne(bootstrap, topics, ANN);
                assertThat(await(() -> woken.get() == 2, WAIT)).as("events after the restart wake the session").isTrue();
            }
        } finally {
            broker.close();
        }
    }

    private void publish(EventPublisher publisher, MailAddress account, int n) throws Exception {
        long next = modSeq.incrementAndGet();
        MailboxEvent event = switch (n % 3) {
            case 0 -> new MessageAdded(MessageAdded.CURRENT_VERSION, account.toString(), MAILBOX, "INBOX", next, next,
                    List.of(), messageIds.next().toString(), 1234);
            case 1 -> new FlagsChanged(FlagsChanged.CURRENT_VERSION, account.toString(), MAILBOX, next - 1, next,
                    List.of("\\Seen"));
            default -> new MessageExpunged(MessageExpunged.CURRENT_VERSION, account.toString(), MAILBOX,
                    List.of(next - 2), next);
        };
        publisher.publish(event).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private void publishOne(String bootstrap, Topics topics, MailAddress account) throws Exception {
        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            publish(publisher, account, 0);
        }
    }

    private static void addPartitions(String bootstrap, String topic, int total) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(total))).all()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** An account whose events the producer's default partitioner puts into {@code partition}. */
    private static MailAddress accountOnPartition(int partition, int partitions) {
        for (int i = 0; ; i++) {
            String account = "user" + i + "@example.org";
            if (Utils.toPositive(Utils.murmur2(account.getBytes(StandardCharsets.UTF_8))) % partitions == partition) {
                return MailAddress.parse(account);
            }
        }
    }

    private static double eventsRead(MeterRegistry metrics) {
        return metrics.get("mailfleet_imap_push_events_total").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
