package io.mailfleet.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies records a consumer gives up on to the dead-letter topic, with the reason in headers. */
final class DeadLetterPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final String topic;
    private final AcknowledgedSender sender;
    private final Duration ackWait;

    DeadLetterPublisher(String topic, ProducerSettings settings) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.sender = new AcknowledgedSender(settings);
        // The sender fails every record within its bound; the margin only covers callback delivery.
        this.ackWait = settings.publishBound().plusSeconds(1);
    }

    /**
     * @return true once the dead-letter topic acknowledged the copy: only then may the consumer
     *     commit past the original, or the record would be lost
     */
    boolean publish(ConsumerRecord<byte[], byte[]> failed, Throwable reason, int attempts) {
        try {
            sender.send(deadLetterRecord(topic, failed, reason, attempts)).get(ackWait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cannot dead-letter {}-{}@{}: {}", failed.topic(), failed.partition(), failed.offset(),
                    e instanceof ExecutionException ? e.getCause() : e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static ProducerRecord<byte[], byte[]> deadLetterRecord(String topic, ConsumerRecord<byte[], byte[]> failed,
            Throwable reason, int attempts) {
        Headers headers = new RecordHeaders(failed.headers().toArray());
        add(headers, DeadLetterHeaders.ORIGINAL_TOPIC, failed.topic());
        add(headers, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(failed.partition()));
        add(headers, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(failed.offset()));
        add(headers, DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts));
        add(headers, DeadLetterHeaders.REASON_CLASS, reason.getClass().getName());
        add(headers, DeadLetterHeaders.REASON_MESSAGE, truncated(Objects.toString(reason.getMessage(), "")));
        return new ProducerRecord<>(topic, null, failed.key(), failed.value(), headers);
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncated(String message) {
        if (message.length() <= DeadLetterHeaders.MAX_REASON_LENGTH) {
            return message;
        }
        int end = DeadLetterHeaders.MAX_REASON_LENGTH;
        // Never split a surrogate pair, which would not survive UTF-8 encoding.
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end);
    }

    @Override
    public void close() {
        sender.close();
    }
}
