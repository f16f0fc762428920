package io.mailfleet.events;

import io.mailfleet.events.topic.TopicLayout;
import io.mailfleet.events.topic.TopicProvisioner;
import io.mailfleet.events.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Helpers for the integration tests: fresh topics per test, and plain Kafka clients to check results. */
final class KafkaTestSupport {

    static final Duration WAIT = Duration.ofSeconds(30);

    private KafkaTestSupport() {
    }

    /** A fresh set of topics, so that tests sharing one broker never see each other's records. */
    static Topics freshTopics(String bootstrapServers, int partitions) {
        String prefix = "it-" + UUID.randomUUID() + ".";
        Topics topics = new Topics(prefix + "inbound", prefix + "outbound", prefix + "mailbox", prefix + "dead");
        new TopicProvisioner(bootstrapServers).createMissing(topics, new TopicLayout(partitions, (short) 1));
        return topics;
    }

    static String freshGroup() {
        return "it-group-" + UUID.randomUUID();
    }

    /** Reads a topic from the start until {@code count} records arrived, or fails after {@link #WAIT}. */
    static List<ConsumerRecord<byte[], byte[]>> readRecords(String bootstrapServers, String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, freshGroup(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // One more short poll, so that an unexpected extra record shows up in the assertions.
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }

    /** The group's committed next offsets, by partition; partitions never committed are absent. */
    static Map<TopicPartition, Long> committedOffsets(String bootstrapServers, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            Map<TopicPartition, Long> next = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    next.put(partition, offset.offset());
                }
            });
            return next;
        }
    }

    /** How many records the topic holds, from its partitions' end offsets. */
    static long recordCount(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < partitions; partition++) {
                latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(WAIT.toSeconds(), TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        }
    }

    /** Polls {@code condition} until it holds; false if {@code timeout} passed first. */
    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** An {@link EventConsumer} on its own thread, closed and joined by {@link #close()}. */
    static final class RunningConsumer<T> implements AutoCloseable {

        final EventConsumer<T> consumer;
        private final Thread thread;

        RunningConsumer(ConsumerSettings settings, Class<T> eventClass, EventHandler<? super T> handler) {
            this.consumer = new EventConsumer<>(settings, eventClass, handler);
            this.thread = new Thread(consumer, "it-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        /** Whether the consumer's thread ended, waiting at most {@code timeout} for it. */
        boolean endsWithin(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
            return !thread.isAlive();
        }

        @Override
        public void close() throws InterruptedException {
            consumer.close();
            thread.join(WAIT.toMillis());
        }
    }
}
