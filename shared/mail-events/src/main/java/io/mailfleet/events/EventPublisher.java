package io.mailfleet.events;

import io.mailfleet.events.codec.EventCodec;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.MailboxEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes events and reports success only once every in-sync replica has the record. This is
 * what stands behind an SMTP 250 (docs/architecture.md, invariant 1). Thread-safe; one per service.
 *
 * <p>{@code publish} may block its caller for up to {@link ProducerSettings#maxBlock()} while it
 * fetches topic metadata or waits for buffer space; call it off event-loop threads. The returned
 * stage completes within {@link ProducerSettings#publishBound()}, on the Kafka producer's I/O
 * thread: attach blocking work with the {@code *Async} methods.
 */
public final class EventPublisher implements AutoCloseable {

    private final Topics topics;
    private final EventCodec codec;
    private final AcknowledgedSender sender;

    public EventPublisher(ProducerSettings settings, Topics topics) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.codec = new EventCodec();
        this.sender = new AcknowledgedSender(Objects.requireNonNull(settings, "settings"));
    }

    /** To the inbound topic, keyed by message id. */
    public CompletionStage<PublishedPosition> publish(MailAccepted event) {
        return publish(topics.inbound(), event == null ? null : event.messageId(), event);
    }

    /** To the mailbox events topic, keyed by account, so each user's changes stay in order. */
    public CompletionStage<PublishedPosition> publish(MailboxEvent event) {
        return publish(topics.mailboxEvents(), event == null ? null : event.account(), event);
    }

    /**
     * @return completes with the record's position once acknowledged; exceptionally if the event
     *     cannot be encoded, the broker refuses it or does not answer in time, or the publisher is closed
     */
    public CompletionStage<PublishedPosition> publish(String topic, String key, Object event) {
        try {
            byte[] value = codec.encode(event);
            byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
            return sender.send(new ProducerRecord<>(topic, keyBytes, value));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * To a delay topic, from which a {@link DelayLine} forwards the event to {@code forwardTo} once
     * {@code dueAt} has passed.
     */
    public CompletionStage<PublishedPosition> publishDelayed(String delayTopic, String key, Object event, Instant dueAt,
            String forwardTo) {
        try {
            byte[] value = codec.encode(event);
            byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
            return sender.send(new ProducerRecord<>(delayTopic, null, keyBytes, value, DelayLine.headers(dueAt, forwardTo)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits up to {@link ProducerSettings#closeTimeout()} for records in flight; the rest fail. */
    @Override
    public void close() {
        sender.close();
    }
}
