package io.mailfleet.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer group's backlog as the broker sees it, whoever holds the partitions: per topic, the
 * records between the group's committed offsets and the ends of every partition (a partition with
 * no commit yet counts from its start, where such a group begins), and how long the oldest of them
 * has waited, from its timestamp. Unlike a consumer's own fetch lag it stays true while no member
 * holds a partition, e.g. between a member's death and the rebalance.
 *
 * <p>Not thread-safe: one thread measures.
 */
public final class ConsumerGroupLag implements AutoCloseable {

    /** One topic's backlog for one group; {@code oldestWaiting} is zero when nothing waits. */
    public record TopicLag(String group, String topic, long records, Duration oldestWaiting) {
    }

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param timeout the longest each request to Kafka may take; a measurement makes four of them
     */
    public ConsumerGroupLag(String bootstrapServers, Map<String, String> clientProperties, Duration timeout, Clock clock) {
        int millis = Durations.toIntMillis(Durations.requirePositive(timeout, "timeout"));
        Map<String, Object> adminProperties = new HashMap<>(clientProperties);
        adminProperties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminProperties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        Map<String, Object> readerProperties = new HashMap<>(clientProperties);
        readerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        readerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        readerProperties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        readerProperties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        // Only each partition's first waiting record is read, for its timestamp.
        readerProperties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
        this.admin = Admin.create(adminProperties);
        this.reader = new KafkaConsumer<>(readerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The group's backlog on each of the topics, in their order; throws when Kafka does not answer in time. */
    public List<TopicLag> measure(String group, List<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<TopicPartition> partitions = partitions(topics);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());

        Map<TopicPartition, Long> waitingFrom = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata commit = committed.get(partition);
            // Records deleted by retention before they were read wait no more.
            long from = Math.max(starts.get(partition), commit == null ? 0 : commit.offset());
            if (ends.get(partition) > from) {
                waitingFrom.put(partition, from);
            }
        }
        Map<TopicPartition, Instant> oldest = oldestTimestamps(waitingFrom);
        Instant now = clock.instant();
        List<TopicLag> lags = new ArrayList<>();
        for (String topic : topics) {
            long records = 0;
            Instant oldestOfTopic = now;
            for (Map.Entry<TopicPartition, Long> waiting : waitingFrom.entrySet()) {
                if (waiting.getKey().topic().equals(topic)) {
                    records += ends.get(waiting.getKey()) - waiting.getValue();
                    Instant first = oldest.getOrDefault(waiting.getKey(), now);
                    oldestOfTopic = first.isBefore(oldestOfTopic) ? first : oldestOfTopic;
                }
            }
            Duration age = Duration.between(oldestOfTopic, now);
            lags.add(new TopicLag(group, topic, records, age.isNegative() ? Duration.ZERO : age));
        }
        return lags;
    }

    private List<TopicPartition> partitions(Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        descriptions.values().forEach(description -> description.partitions()
                .forEach(info -> partitions.add(new TopicPartition(description.name(), info.partition()))));
        return partitions;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, ListOffsetsResultInfo> answer = admin.listOffsets(request).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** The timestamp of the record at each position; a partition whose record does not come in time is left out. */
    private Map<TopicPartition, Instant> oldestTimestamps(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, Instant> timestamps = new HashMap<>();
        if (positions.isEmpty()) {
            return timestamps;
        }
        reader.assign(positions.keySet());
        positions.forEach(reader::seek);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (timestamps.size() < positions.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                timestamps.putIfAbsent(partition, Instant.ofEpochMilli(record.timestamp()));
                reader.pause(List.of(partition));
            }
        }
        reader.assign(List.of());
        return timestamps;
    }

    @Override
    public void close() {
        reader.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(timeout));
        admin.close(timeout);
    }
}
