package io.mailfleet.events;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The batches an {@link AcknowledgedBatchHandler} stored whose events Kafka may not have acknowledged
 * yet, oldest first, and which records may count as processed: those of the oldest batches up to the
 * first one not acknowledged. A later batch acknowledged first waits for the earlier ones, so no commit
 * passes a record whose events could still be lost; a batch that failed is read again with every later
 * one. Used on the consumer's thread only.
 */
final class UnacknowledgedBatches {

    /** A batch's acknowledgement, the last record of each of its partitions and the first offset. */
    private record Batch(CompletableFuture<?> acknowledged, Map<TopicPartition, ConsumerRecord<?, ?>> last,
            Map<TopicPartition, Long> first) {
    }

    private final Deque<Batch> batches = new ArrayDeque<>();
    private final int capacity;
    private final Consumer<ConsumerRecord<?, ?>> processed;

    /**
     * @param capacity batches that may await their acknowledgement at once
     * @param processed takes, in order, the last record of each partition of each batch that counts as processed
     */
    UnacknowledgedBatches(int capacity, Consumer<ConsumerRecord<?, ?>> processed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.processed = processed;
    }

    /** A batch stored, its records in order within each partition, and its acknowledgement to come. */
    void add(CompletionStage<?> acknowledged, List<? extends ConsumerRecord<?, ?>> records) {
        Map<TopicPartition, ConsumerRecord<?, ?>> last = new LinkedHashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<?, ?> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            last.put(partition, record);
            first.putIfAbsent(partition, record.offset());
        }
        batches.addLast(new Batch(acknowledged.toCompletableFuture(), last, first));
    }

    /** Whether another batch must wait for the oldest one's acknowledgement. */
    boolean isFull() {
        return batches.size() >= capacity;
    }

    /**
     * Without waiting, hands the oldest batches acknowledged over as processed, up to the first one that
     * is not.
     *
     * @return empty; or, when one of them failed, where to read each partition again from (the first
     *     records of that batch and of every later one), and those batches are forgotten
     */
    Map<TopicPartition, Long> settle() {
        while (!batches.isEmpty() && batches.peekFirst().acknowledged().isDone()) {
            Batch oldest = batches.peekFirst();
            if (oldest.acknowledged().isCompletedExceptionally()) {
                return forgetAll();
            }
            batches.removeFirst();
            oldest.last().values().forEach(processed);
        }
        return Map.of();
    }

    /** {@link #settle} once the oldest batch's acknowledgement has come, or its failure. */
    Map<TopicPartition, Long> awaitOldest() {
        if (!batches.isEmpty()) {
            awaitQuietly(batches.peekFirst());
        }
        return settle();
    }

    /** {@link #settle} once every batch's acknowledgement has come, or the first failure. */
    Map<TopicPartition, Long> awaitAll() {
        while (!batches.isEmpty()) {
            Map<TopicPartition, Long> readAgain = awaitOldest();
            if (!readAgain.isEmpty()) {
                return readAgain;
            }
        }
        return Map.of();
    }

    private static void awaitQuietly(Batch batch) {
        // The outcome is read by settle(); a failure is not this wait's to report.
        batch.acknowledged().handle((result, failure) -> null).join();
    }

    private Map<TopicPartition, Long> forgetAll() {
        Map<TopicPartition, Long> readAgain = new HashMap<>();
        batches.forEach(batch -> batch.first().forEach((partition, offset) -> readAgain.merge(partition, offset, Math::min)));
        batches.clear();
        return readAgain;
    }
}
