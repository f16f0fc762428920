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
 * The positions past the records processed but not yet committed, per partition. Only processed
 * records ever get here, so no commit can skip an unprocessed one. Used on the consumer's thread
 * only, which is also where Kafka calls the rebalance callbacks.
 */
final class ProcessedOffsets implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessedOffsets.class);

    private final Consumer<?, ?> kafka;
    private final Duration commitTimeout;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();

    ProcessedOffsets(Consumer<?, ?> kafka, Duration commitTimeout) {
        this.kafka = kafka;
        this.commitTimeout = commitTimeout;
    }

    void processed(ConsumerRecord<?, ?> record) {
        uncommitted.put(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), ""));
    }

    /** Commits what was processed; a failure leaves it for the next call, since redelivery is harmless. */
    void commit() {
        commit(new HashMap<>(uncommitted));
    }

    /** Commits the work on the partitions going to another consumer, which resumes from there. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> revoked = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = uncommitted.get(partition);
            if (offset != null) {
                revoked.put(partition, offset);
            }
        }
        commit(revoked);
        uncommitted.keySet().removeAll(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // A new assignment starts from the committed offsets; nothing to carry over.
    }

    /** Another consumer already owns these, so a commit would be refused; their records will come again. */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        uncommitted.keySet().removeAll(partitions);
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            commitSync(offsets);
            offsets.forEach(uncommitted::remove);
        } catch (CommitFailedException e) {
            LOG.warn("offsets {} not committed, the group moved on; those records will be redelivered", offsets);
            offsets.keySet().forEach(uncommitted::remove);
        } catch (KafkaException e) {
            LOG.warn("offsets {} not committed yet: {}", offsets, e.toString());
        }
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            kafka.commitSync(offsets, commitTimeout);
        } catch (WakeupException e) {
            // The wake-up was close() interrupting a poll; it wants this commit done.
            kafka.commitSync(offsets, commitTimeout);
        }
    }
}
