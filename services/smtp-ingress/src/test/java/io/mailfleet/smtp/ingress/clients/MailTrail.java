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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What reached Kafka: the MailAccepted events on the inbound topic, read up to its end. */
final class MailTrail {

    private MailTrail() {
    }

    static List<MailAccepted> inbound(String bootstrapServers) {
        List<MailAccepted> events = new ArrayList<>();
        EventCodec codec = new EventCodec();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(inboundTopic()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> events.add(codec.decode(record.value(), MailAccepted.class)));
            }
        }
        return events;
    }

    /** The service's inbound topic, which the tests name after their module. */
    private static String inboundTopic() {
        return ConfigProvider.getConfig().getValue("mailfleet.topics.inbound", String.class);
    }

    static Optional<MailAccepted> byQueueId(String bootstrapServers, String queueId) {
        return inbound(bootstrapServers).stream().filter(event -> event.queueId().equals(queueId)).findFirst();
    }
}
