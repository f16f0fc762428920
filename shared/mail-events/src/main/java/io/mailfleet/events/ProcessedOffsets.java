package io.mailfleet.events;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The positions past the records processed, per partition owned, and which of them were sent to
 * Kafka in a commit. Only processed records ever get here, so no commit can skip an unprocessed one.
 * After each poll's records the new positions are committed without waiting for the broker: the next
 * batch need not wait for a round trip whose loss costs only redelivery, which handlers take. A
 * partition's position is committed, and waited for, before the partition goes to another consumer
 * and when the consumer stops. Used on the consumer's thread only, which is also where Kafka calls
 * the rebalance callbacks and the callbacks of asynchronous commits.
 */
final class ProcessedOffsets implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessedOffsets.class);

    private final Consumer<?, ?> kafka;
    private final Duration commitTimeout;
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    /** The position last sent in a commit per partition, unless that commit failed: what need not be sent again. */
    private final Map<TopicPartition, Long> sent = new HashMap<>();

    ProcessedOffsets(Consumer<?, ?> kafka, Duration commitTimeout) {
        this.kafka = kafka;
        this.commitTimeout = commitTimeout;
    }

    void processed(ConsumerRecord<?, ?> record) {
        processed.put(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), ""));
    }

    /**
     * Sends the positions processed since the last commit, without waiting for the broker. A commit
     * that fails is sent again by a later call; one that the next has overtaken needs no resending, as
     * Kafka applies a consumer's commits in the order they were sent.
     */
    void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> unsent = new HashMap<>();
        processed.forEach((partition, offset) -> {
            if (!Long.valueOf(offset.offset()).equals(sent.get(partition))) {
                unsent.put(partition, offset);
            }
        });
        if (unsent.isEmpty()) {
            return;
        }
        unsent.forEach((partition, offset) -> sent.put(partition, offset.offset()));
        kafka.commitAsync(unsent, (offsets, failure) -> {
            if (failure == null) {
                return;
            }
            LOG.warn("offsets {} not committed yet: {}", offsets, failure.toString());
            offsets.forEach((partition, offset) -> sent.remove(partition, offset.offset()));
        });
    }

    /** Commits everything processed and waits for it, as the consumer stops; a failure leaves redelivery, which is harmless. */
    void commitSync() {
        commitSync(new HashMap<>(processed));
    }

    /** Commits the work on the partitions going to another consumer, which resumes from there. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> revoked = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = processed.get(partition);
            if (offset != null) {
                revoked.put(partition, offset);
            }
        }
        commitSync(revoked);
        forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // A new assignment starts from the committed offsets; nothing to carry over.
    }

    /** Another consumer already owns these, so a commit would be refused; their records will come again. */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
        processed.keySet().removeAll(partitions);
        sent.keySet().removeAll(partitions);
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            commitWaiting(offsets);
            offsets.forEach((partition, offset) -> sent.put(partition, offset.offset()));
        } catch (CommitFailedException e) {
            LOG.warn("offsets {} not committed, the group moved on; those records will be redelivered", offsets);
            forget(offsets.keySet());
        } catch (KafkaException e) {
            LOG.warn("offsets {} not committed yet: {}", offsets, e.toString());
        }
    }

    private void commitWaiting(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            kafka.commitSync(offsets, commitTimeout);
        } catch (WakeupException e) {
            // The wake-up was close() interrupting a poll; it wants this commit done.
            kafka.commitSync(offsets, commitTimeout);
        }
    }
}
