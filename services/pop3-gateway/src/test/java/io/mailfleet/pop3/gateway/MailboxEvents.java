package io.mailfleet.pop3.gateway;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The mailbox events published for one account, read from the start of the topic as JSON text. */
final class MailboxEvents {

    private MailboxEvents() {
    }

    static List<String> read(String bootstrapServers, String topic, String account) {
        List<String> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && events.isEmpty()) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (account.equals(record.key())) {
                        events.add(record.value());
                    }
                });
            }
        }
        return events;
    }
}
