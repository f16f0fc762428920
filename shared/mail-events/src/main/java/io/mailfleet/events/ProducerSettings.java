package io.mailfleet.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How publishers talk to Kafka. Acknowledgement by all in-sync replicas and idempotence are not
 * settings: they are what makes an acknowledged event durable and a retried send unduplicated.
 *
 * @param maxBlock how long a publish may wait for topic metadata or buffer space before failing
 * @param requestTimeout how long one produce request may wait for the broker's answer
 * @param deliveryTimeout how long a record may take, retries included, from the send to its
 *     acknowledgement; at least {@code requestTimeout} plus the linger time
 * @param closeTimeout how long closing may wait for records in flight
 * @param clientProperties further Kafka producer settings, e.g. TLS, SASL or compression; they
 *     cannot override the settings named by the other components, acks or idempotence
 */
public record ProducerSettings(
        String bootstrapServers,
        Duration maxBlock,
        Duration requestTimeout,
        Duration deliveryTimeout,
        Duration closeTimeout,
        Map<String, String> clientProperties) {

    /** A dead broker fails a publish after at most maxBlock + deliveryTimeout, 10 s. */
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofSeconds(4);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(6);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    public ProducerSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is blank");
        }
        Durations.requirePositive(maxBlock, "maxBlock");
        Durations.requirePositive(requestTimeout, "requestTimeout");
        Durations.requirePositive(deliveryTimeout, "deliveryTimeout");
        Durations.requirePositive(closeTimeout, "closeTimeout");
        if (deliveryTimeout.compareTo(requestTimeout) <= 0) {
            throw new IllegalArgumentException("deliveryTimeout must exceed requestTimeout");
        }
        clientProperties = Map.copyOf(clientProperties);
    }

    public static ProducerSettings defaults(String bootstrapServers) {
        return new ProducerSettings(bootstrapServers, DEFAULT_MAX_BLOCK, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_DELIVERY_TIMEOUT, DEFAULT_CLOSE_TIMEOUT, Map.of());
    }

    public ProducerSettings withTimeouts(Duration maxBlock, Duration requestTimeout, Duration deliveryTimeout) {
        return new ProducerSettings(bootstrapServers, maxBlock, requestTimeout, deliveryTimeout, closeTimeout,
                clientProperties);
    }

    public ProducerSettings withCloseTimeout(Duration closeTimeout) {
        return new ProducerSettings(bootstrapServers, maxBlock, requestTimeout, deliveryTimeout, closeTimeout,
                clientProperties);
    }

    public ProducerSettings withClientProperties(Map<String, String> clientProperties) {
        return new ProducerSettings(bootstrapServers, maxBlock, requestTimeout, deliveryTimeout, closeTimeout,
                clientProperties);
    }

    /** The longest a publish can take to complete, whether it succeeds or fails. */
    public Duration publishBound() {
        return maxBlock.plus(deliveryTimeout);
    }

    Map<String, Object> kafkaProperties() {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Durations.toIntMillis(requestTimeout));
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Durations.toIntMillis(deliveryTimeout));
        return properties;
    }
}
