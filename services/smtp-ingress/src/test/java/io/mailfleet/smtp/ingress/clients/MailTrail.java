package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.events.codec.EventCodec;
import io.mailfleet.model.event.MailAccepted;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What reached Kafka: the MailAccepted events on the inbound topic, read up to its end. One reader
 * per broker and topic keeps its place between looks, so that each look reads only what was
 * published since the one before: a consumer made for each look, seeking to the beginning, cost
 * about half a second, and OpenRelayIT looks twice in each of its rows.
 */
final class MailTrail {

    private static final Duration READ_BOUND = Duration.ofSeconds(30);
    private static final Map<String, Reader> READERS = new HashMap<>();

    private MailTrail() {
    }

    /** Every event on the topic up to its end now, oldest first. */
    static synchronized List<MailAccepted> inbound(String bootstrapServers) {
        String topic = inboundTopic();
        return READERS.computeIfAbsent(bootstrapServers + "/" + topic, key -> new Reader(bootstrapServers, topic)).readToEnd();
    }

    /** The service's inbound topic, which the tests name after their module. */
    private static String inboundTopic() {
        return ConfigProvider.getConfig().getValue("mailfleet.topics.inbound", String.class);
    }

    static Optional<MailAccepted> byQueueId(String bootstrapServers, String queueId) {
        return inbound(bootstrapServers).stream().filter(event -> event.queueId().equals(queueId)).findFirst();
    }

    /** A consumer assigned every partition of the topic from its beginning, and the events it has read so far. */
    private static final class Reader {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<TopicPartition> partitions;
        private final List<MailAccepted> events = new ArrayList<>();
        private final EventCodec codec = new EventCodec();

        Reader(String bootstrapServers, String topic) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
            partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        List<MailAccepted> readToEnd() {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_BOUND.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> events.add(codec.decode(record.value(), MailAccepted.class)));
            }
            return List.copyOf(events);
        }
    }
}
