package io.mailfleet.events;

import org.apache.kafka.clients.producer.RecordMetadata;

/** Where the broker stored an acknowledged record. */
public record PublishedPosition(String topic, int partition, long offset) {

    static PublishedPosition of(RecordMetadata metadata) {
        return new PublishedPosition(metadata.topic(), metadata.partition(), metadata.offset());
    }
}
