package io.mailfleet.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {

    private final ConsumerRecord<byte[], byte[]> failed = record();

    @Test
    void keepsKeyValueAndHeadersAndAddsTheReason() {
        ProducerRecord<byte[], byte[]> dead = DeadLetterPublisher.deadLetterRecord("dlq", failed,
                new IllegalStateException("mailbox gone"), 3);

        assertThat(dead.topic()).isEqualTo("dlq");
        assertThat(dead.key()).isEqualTo(failed.key());
        assertThat(dead.value()).isEqualTo(failed.value());
        assertThat(DeadLetterHeaders.value(dead.headers(), "trace-id")).contains("t-1");
        assertThat(DeadLetterHeaders.value(dead.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)).contains("mail.inbound");
        assertThat(DeadLetterHeaders.value(dead.headers(), DeadLetterHeaders.ORIGINAL_PARTITION)).contains("2");
        assertThat(DeadLetterHeaders.value(dead.headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).contains("41");
        assertThat(DeadLetterHeaders.value(dead.headers(), DeadLetterHeaders.ATTEMPTS)).contains("3");
        assertThat(DeadLetterHeaders.value(dead.headers(), DeadLetterHeaders.REASON_CLASS))
                .contains("java.lang.IllegalStateException");
        assertThat(DeadLetterHeaders.value(dead.headers(), DeadLetterHeaders.REASON_MESSAGE)).contains("mailbox gone");
    }

    @Test
    void cutsLongReasonsWithoutSplittingACharacter() {
        String message = "x".repeat(DeadLetterHeaders.MAX_REASON_LENGTH - 1) + "😀 and more";

        ProducerRecord<byte[], byte[]> dead = DeadLetterPublisher.deadLetterRecord("dlq", failed,
                new RuntimeException(message), 1);

        assertThat(DeadLetterHeaders.value(dead.headers(), DeadLetterHeaders.REASON_MESSAGE))
                .contains("x".repeat(DeadLetterHeaders.MAX_REASON_LENGTH - 1));
    }

    @Test
    void aReasonWithoutMessageGivesAnEmptyHeader() {
        ProducerRecord<byte[], byte[]> dead = DeadLetterPublisher.deadLetterRecord("dlq", failed,
                new NullPointerException(), 1);

        assertThat(DeadLetterHeaders.value(dead.headers(), DeadLetterHeaders.REASON_MESSAGE)).contains("");
        assertThat(DeadLetterHeaders.value(dead.headers(), "absent")).isEqualTo(Optional.empty());
    }

    private static ConsumerRecord<byte[], byte[]> record() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("mail.inbound", 2, 41,
                "key".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        record.headers().add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
