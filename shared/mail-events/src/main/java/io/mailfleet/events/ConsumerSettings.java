package io.mailfleet.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How an {@link EventConsumer} reads, retries and gives up. Offsets are always committed by the
 * consumer after processing, never automatically.
 *
 * @param groupId the consumer group; instances of one service share it and split the partitions
 * @param topics the topics to read
 * @param deadLetterTopic where records go that fail {@code maxAttempts} times or cannot be decoded
 * @param maxAttempts handler calls per record before it is dead-lettered, at least 1
 * @param retryBackoff the pause between two attempts at one record
 * @param pollTimeout the longest one poll waits for records
 * @param commitTimeout the longest one offset commit, and leaving the group on close, may take
 * @param closeTimeout the longest {@link EventConsumer#close()} waits for the current record to finish
 * @param clientProperties further Kafka consumer settings, e.g. TLS, SASL, {@code max.poll.records};
 *     a new group starts at the earliest offset unless {@code auto.offset.reset} says otherwise, and
 *     the group's session timeout, heartbeat interval and batch size default to values that hand a
 *     dead member's partitions to the others within seconds
 * @param deadLetterProducer how the dead-letter records are published
 */
public record ConsumerSettings(
        String bootstrapServers,
        String groupId,
        List<String> topics,
        String deadLetterTopic,
        int maxAttempts,
        Duration retryBackoff,
        Duration pollTimeout,
        Duration commitTimeout,
        Duration closeTimeout,
        Map<String, String> clientProperties,
        ProducerSettings deadLetterProducer) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_COMMIT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_POLL_RECORDS = 10;
    public static final int DEFAULT_MAX_PARTITION_FETCH_BYTES = 16 * 1024;
    /**
     * The fetch room {@link #withBatchSize} gives each record of a batch: twice what an accepted message's event
     * for a few recipients takes with its record's framing (under 2 KiB with the content facts it carries, a text
     * signature of some hundred octets among them), so that one fetch brings two full polls or more. A poll returns
     * what is left of a fetch before it fetches again: a fetch of one and a half polls would be handed out as a full
     * batch, then a half one.
     */
    public static final int FETCH_BYTES_PER_BATCHED_RECORD = 4 * 1024;

    public ConsumerSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        if (groupId.isBlank()) {
            throw new IllegalArgumentException("groupId is blank");
        }
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("topics is empty");
        }
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        // Reading the dead-letter topic would feed poison records straight back in.
        if (topics.contains(deadLetterTopic)) {
            throw new IllegalArgumentException("the dead-letter topic " + deadLetterTopic + " cannot also be consumed");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Durations.requirePositive(retryBackoff, "retryBackoff");
        Durations.requirePositive(pollTimeout, "pollTimeout");
        Durations.requirePositive(commitTimeout, "commitTimeout");
        Durations.requirePositive(closeTimeout, "closeTimeout");
        clientProperties = Map.copyOf(clientProperties);
        Objects.requireNonNull(deadLetterProducer, "deadLetterProducer");
    }

    public static ConsumerSettings defaults(String bootstrapServers, String groupId, List<String> topics,
            String deadLetterTopic) {
        return new ConsumerSettings(bootstrapServers, groupId, topics, deadLetterTopic, DEFAULT_MAX_ATTEMPTS,
                DEFAULT_RETRY_BACKOFF, DEFAULT_POLL_TIMEOUT, DEFAULT_COMMIT_TIMEOUT, DEFAULT_CLOSE_TIMEOUT,
                Map.of(), ProducerSettings.defaults(bootstrapServers));
    }

    public ConsumerSettings withRetries(int maxAttempts, Duration retryBackoff) {
        return new ConsumerSettings(bootstrapServers, groupId, topics, deadLetterTopic, maxAttempts, retryBackoff,
                pollTimeout, commitTimeout, closeTimeout, clientProperties, deadLetterProducer);
    }

    public ConsumerSettings withTimeouts(Duration pollTimeout, Duration commitTimeout, Duration closeTimeout) {
        return new ConsumerSettings(bootstrapServers, groupId, topics, deadLetterTopic, maxAttempts, retryBackoff,
                pollTimeout, commitTimeout, closeTimeout, clientProperties, deadLetterProducer);
    }

    public ConsumerSettings withClientProperties(Map<String, String> clientProperties) {
        return new ConsumerSettings(bootstrapServers, groupId, topics, deadLetterTopic, maxAttempts, retryBackoff,
                pollTimeout, commitTimeout, closeTimeout, clientProperties, deadLetterProducer);
    }

    /**
     * Polls of up to {@code records} records, with fetches large enough to bring that many at once. A poll
     * returns what the fetches brought, so the default 16 KiB fetch cut a backlog of accepted messages into
     * polls of about 20 records, whatever the poll's bound: batches half the size asked for, and twice the
     * conditional INBOX changes per delivery. The fetch stays a few polls' worth, so a partition taken over
     * still waits behind at most a few batches of records already fetched, a second or so.
     */
    public ConsumerSettings withBatchSize(int records) {
        if (records < 1) {
            throw new IllegalArgumentException("a batch holds at least 1 record, not " + records);
        }
        Map<String, String> batched = new HashMap<>(clientProperties);
        batched.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(records));
        batched.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Integer.toString(Math.max(DEFAULT_MAX_PARTITION_FETCH_BYTES, records * FETCH_BYTES_PER_BATCHED_RECORD)));
        return withClientProperties(batched);
    }

    public ConsumerSettings withDeadLetterProducer(ProducerSettings deadLetterProducer) {
        return new ConsumerSettings(bootstrapServers, groupId, topics, deadLetterTopic, maxAttempts, retryBackoff,
                pollTimeout, commitTimeout, closeTimeout, clientProperties, deadLetterProducer);
    }

    Map<String, Object> kafkaProperties() {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        // An event published before the group first started must still be processed.
        properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The classic protocol lets the client choose its session timeout (the broker allows 6 s by
        // default); the consumer protocol of KIP-848 leaves it to the broker, whose minimum is 45 s.
        properties.putIfAbsent(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        // A member that dies without leaving holds its partitions until the broker has missed its
        // heartbeats this long: short enough to resume delivery within 10 s, three heartbeats long.
        properties.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Durations.toIntMillis(DEFAULT_SESSION_TIMEOUT));
        properties.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Durations.toIntMillis(DEFAULT_HEARTBEAT_INTERVAL));
        // A rebalance waits for every live member to poll again, and a partition's new owner commits
        // after its first batch: a batch must be quick to handle, and commits are cheap.
        properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, DEFAULT_MAX_POLL_RECORDS);
        // A consumer hands out one partition's fetched records until they are used up: small fetches
        // let it turn to the partitions it just took over within seconds, not after a megabyte of
        // events. A record larger than this is still fetched, alone.
        properties.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, DEFAULT_MAX_PARTITION_FETCH_BYTES);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return properties;
    }
}
