package io.mailfleet.events;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A producer whose every send ends in a future that completes only with the broker's
 * acknowledgement, and exceptionally on every failure, including those Kafka throws instead of
 * reporting through the callback.
 */
final class AcknowledgedSender implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final ProducerSettings settings;

    AcknowledgedSender(ProducerSettings settings) {
        this.settings = settings;
        this.producer = new KafkaProducer<>(settings.kafkaProperties(), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    CompletableFuture<PublishedPosition> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<PublishedPosition> acknowledged = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    acknowledged.completeExceptionally(error);
                } else {
                    acknowledged.complete(PublishedPosition.of(metadata));
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    /** Records still unacknowledged when the timeout ends fail; none is reported as sent. */
    @Override
    public void close() {
        producer.close(settings.closeTimeout());
    }
}
