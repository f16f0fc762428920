package io.mailfleet.events.broadcast;

import io.mailfleet.events.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How a {@link BroadcastReader} reads its topic (the mailbox or the directory events).
 *
 * @param topic the topic read
 * @param pollTimeout the longest one poll waits for records; also how soon a stop is noticed
 * @param checkInterval how often the reader asks the broker for the topic's partitions and end
 *     offsets: that round trip is what tells it is connected, and how new partitions are found
 * @param checkTimeout how long that question may wait for an answer before the reader counts
 *     itself disconnected
 * @param clientProperties further Kafka consumer settings, e.g. TLS or SASL; a group id, offset
 *     commits and the choice of the start offset are not settings: every instance reads every
 *     partition from the end and commits nothing
 */
public record BroadcastSettings(
        String bootstrapServers,
        String topic,
        Duration pollTimeout,
        Duration checkInterval,
        Duration checkTimeout,
        Map<String, String> clientProperties) {

    /** A poll ends early when records come or {@link BroadcastReader#close()} wakes it: this only bounds idle loops. */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(1);
    /**
     * How long the broker may hold a fetch open when there is nothing to return, Kafka's own default. A held
     * fetch is answered as soon as a record is appended (fetch.min.bytes is 1), so no event is heard later for
     * it; only the empty fetches of a quiet topic, and the CPU each costs every instance, become fewer.
     */
    public static final Duration DEFAULT_FETCH_MAX_WAIT = Duration.ofMillis(500);
    /** How often the client's view of the topic is refreshed, so added partitions are seen. */
    public static final Duration DEFAULT_METADATA_MAX_AGE = Duration.ofSeconds(10);

    public BroadcastSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is blank");
        }
        Objects.requireNonNull(topic, "topic");
        Durations.requirePositive(pollTimeout, "pollTimeout");
        Durations.requirePositive(checkInterval, "checkInterval");
        Durations.requirePositive(checkTimeout, "checkTimeout");
        clientProperties = Map.copyOf(clientProperties);
        if (clientProperties.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
            throw new IllegalArgumentException("a broadcast reader belongs to no consumer group");
        }
    }

    public static BroadcastSettings defaults(String bootstrapServers, String topic) {
        return new BroadcastSettings(bootstrapServers, topic, DEFAULT_POLL_TIMEOUT, DEFAULT_CHECK_INTERVAL,
                DEFAULT_CHECK_TIMEOUT, Map.of());
    }

    public BroadcastSettings withClientProperties(Map<String, String> clientProperties) {
        return new BroadcastSettings(bootstrapServers, topic, pollTimeout, checkInterval, checkTimeout,
                clientProperties);
    }

    Map<String, Object> kafkaProperties() {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        // A fetch returns as soon as one record is there: a hint is worth most while it is fresh.
        properties.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        properties.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Durations.toIntMillis(DEFAULT_FETCH_MAX_WAIT));
        properties.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, Durations.toIntMillis(DEFAULT_METADATA_MAX_AGE));
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "broadcast-" + topic + "-" + UUID.randomUUID());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Reading must never create the topic: a missing topic is a deployment error to report.
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // Only if a position is lost (the broker's log was cut below it): events before now are stale.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return properties;
    }
}
