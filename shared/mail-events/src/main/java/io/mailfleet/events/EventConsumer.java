package io.mailfleet.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads events and hands them one at a time to a handler, at least once: a record's offset is
 * committed only after the handler returned for it, or after it was dead-lettered. A failing
 * record is retried, then copied to the dead-letter topic so that it cannot block its partition;
 * an undecodable one is copied at once.
 *
 * <p>Given a {@link BatchEventHandler}, it hands over a whole poll's records in one call and
 * commits them once that call returned; a batch that fails goes one record at a time, as above,
 * and one that must wait is read again whole. Given an {@link AcknowledgedBatchHandler}, it goes on
 * with the next polls while earlier batches' events await Kafka's acknowledgement, at most
 * {@link #UNACKNOWLEDGED_BATCHES} batches, and commits a batch's records once it and every earlier
 * batch are acknowledged ({@link UnacknowledgedBatches}).
 *
 * <p>{@link #run()} is the loop, for a thread the caller owns; it returns after {@link #close()},
 * or throws if Kafka fails fatally. An instance runs once.
 *
 * @param <T> the event type to decode, e.g. {@code MailAccepted}, or {@code MailboxEvent} for all
 *     mailbox events; a record of another type is dead-lettered
 */
public final class EventConsumer<T> implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);

    /**
     * Stored batches that may await their acknowledgement at once: enough to keep storing while Kafka
     * acknowledges (its p99 was a few batches' store time), few enough that a failed acknowledgement
     * has little to read again.
     */
    static final int UNACKNOWLEDGED_BATCHES = 4;

    private final ConsumerSettings settings;
    private final Class<T> eventClass;
    private final EventHandler<? super T> handler;
    private final BatchEventHandler<T> batchHandler;

    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread runner;
    private volatile KafkaConsumer<byte[], byte[]> kafka;
    private volatile RecordProcessor<T> processor;

    public EventConsumer(ConsumerSettings settings, Class<T> eventClass, EventHandler<? super T> handler) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.eventClass = Objects.requireNonNull(eventClass, "eventClass");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.batchHandler = batchOf(handler);
    }

    /**
     * The handler as one of batches, if it is one. The cast is safe: a handler of a supertype of
     * {@code T} only reads the events as that supertype, and the list is not changed.
     */
    @SuppressWarnings("unchecked")
    private static <T> BatchEventHandler<T> batchOf(EventHandler<? super T> handler) {
        return handler instanceof BatchEventHandler<?> batch ? (BatchEventHandler<T>) batch : null;
    }

    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("an EventConsumer runs only once");
        }
        runner = Thread.currentThread();
        try {
            if (!isStopRequested()) {
                consume();
            }
        } finally {
            finished.countDown();
        }
    }

    /**
     * Stops the loop: a poll in progress returns at once, a record (or batch) being handled is
     * finished and committed, one waiting between attempts is left for redelivery. Returns when the loop has
     * ended and released its resources, or after {@link ConsumerSettings#closeTimeout()} if the
     * handler is still busy; the loop then ends once the handler returns.
     */
    @Override
    public void close() {
        stopRequested.countDown();
        KafkaConsumer<byte[], byte[]> current = kafka;
        if (current != null) {
            current.wakeup();
        }
        // Waiting for the loop from inside the handler would only wait for ourselves.
        if (!started.get() || Thread.currentThread() == runner) {
            return;
        }
        try {
            if (!finished.await(settings.closeTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("consumer of {} still busy after {}; it stops after the current record",
                        settings.topics(), settings.closeTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records the handler completed. */
    public long processedCount() {
        RecordProcessor<T> current = processor;
        return current == null ? 0 : current.processed();
    }

    /** Failed handler attempts that were followed by another attempt. */
    public long retriedCount() {
        RecordProcessor<T> current = processor;
        return current == null ? 0 : current.retried();
    }

    /** Records copied to the dead-letter topic, undecodable ones included. */
    public long deadLetteredCount() {
        RecordProcessor<T> current = processor;
        return current == null ? 0 : current.deadLettered();
    }

    private void consume() {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.kafkaProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        kafka = consumer;
        ProcessedOffsets offsets = new ProcessedOffsets(consumer, settings.commitTimeout());
        UnacknowledgedBatches unacknowledged = new UnacknowledgedBatches(UNACKNOWLEDGED_BATCHES, offsets::processed);
        DeadLetterPublisher deadLetters = null;
        try {
            deadLetters = new DeadLetterPublisher(settings.deadLetterTopic(), settings.deadLetterProducer());
            RecordProcessor<T> records = new RecordProcessor<>(eventClass, handler, settings, deadLetters,
                    stopRequested);
            processor = records;
            consumer.subscribe(settings.topics(), new AcknowledgedFirst(consumer, unacknowledged, offsets));
            while (!isStopRequested()) {
                pollAndProcess(consumer, records, offsets, unacknowledged);
            }
        } finally {
            // What is still unacknowledged is read again by whoever owns its partitions next.
            unacknowledged.awaitAll();
            offsets.commitSync();
            closeQuietly(consumer);
            if (deadLetters != null) {
                deadLetters.close();
            }
        }
    }

    private void pollAndProcess(KafkaConsumer<byte[], byte[]> consumer, RecordProcessor<T> records,
            ProcessedOffsets offsets, UnacknowledgedBatches unacknowledged) {
        Map<TopicPartition, Long> failed = unacknowledged.settle();
        while (failed.isEmpty() && unacknowledged.isFull()) {
            failed = unacknowledged.awaitOldest();
        }
        if (readAgainAfterBackOff(consumer, records, failed)) {
            offsets.commitAsync();
            return;
        }
        ConsumerRecords<byte[], byte[]> batch;
        try {
            batch = consumer.poll(settings.pollTimeout());
        } catch (WakeupException e) {
            return;
        }
        // A single record goes as a batch too when its acknowledgement can overlap the next poll.
        int smallestBatch = batchHandler instanceof AcknowledgedBatchHandler<?> ? 1 : 2;
        boolean asBatch = batchHandler != null && batch.count() >= smallestBatch && !isStopRequested()
                && processedAsBatch(consumer, records, unacknowledged, batch);
        if (!asBatch && !batch.isEmpty()) {
            // Records handled one at a time are committed as they go: not past a batch still unacknowledged.
            failed = new HashMap<>(unacknowledged.awaitAll());
            if (!failed.isEmpty()) {
                for (TopicPartition partition : batch.partitions()) {
                    failed.merge(partition, batch.records(partition).get(0).offset(), Math::min);
                }
            }
            if (!readAgainAfterBackOff(consumer, records, failed)) {
                for (TopicPartition partition : batch.partitions()) {
                    if (!processPartition(consumer, records, offsets, partition, batch.records(partition))) {
                        break;
                    }
                }
            }
        }
        readAgainAfterBackOff(consumer, records, unacknowledged.settle());
        offsets.commitAsync();
    }

    /**
     * After a batch's events were not acknowledged: the positions it and the later batches were read
     * from ({@code failed}, empty if none failed) are read again after the back-off. False if none failed.
     */
    private static boolean readAgainAfterBackOff(KafkaConsumer<byte[], byte[]> consumer, RecordProcessor<?> records,
            Map<TopicPartition, Long> failed) {
        if (failed.isEmpty()) {
            return false;
        }
        readAgain(consumer, failed);
        records.unacknowledged();
        return true;
    }

    /**
     * Seeks the partitions still owned back to the given offsets; a partition gone to another consumer
     * is read from its committed offset, which never passed them.
     */
    private static void readAgain(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> from) {
        Set<TopicPartition> owned = consumer.assignment();
        from.forEach((partition, offset) -> {
            if (owned.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    /** False when the batch failed and its records must go one at a time. */
    private boolean processedAsBatch(KafkaConsumer<byte[], byte[]> consumer, RecordProcessor<T> records,
            UnacknowledgedBatches unacknowledged, ConsumerRecords<byte[], byte[]> batch) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(batch.count());
        batch.forEach(all::add);
        RecordProcessor.BatchResult result = records.processAll(batchHandler, all);
        switch (result.outcome()) {
            case DONE -> unacknowledged.add(result.acknowledged(), all);
            case RETRY_LATER -> batch.partitions().forEach(partition ->
                    // Skipping them would lose them: read each partition again from the batch's first record.
                    consumer.seek(partition, batch.records(partition).get(0).offset()));
            case STOPPED -> {
                // Not handled: read again by whoever owns the partitions next.
            }
            case ONE_BY_ONE -> {
                return false;
            }
        }
        return true;
    }

    /** False when the consumer is stopping and the rest of the batch must stay unprocessed. */
    private boolean processPartition(KafkaConsumer<byte[], byte[]> consumer, RecordProcessor<T> records,
            ProcessedOffsets offsets, TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> partitionRecords) {
        for (ConsumerRecord<byte[], byte[]> record : partitionRecords) {
            if (isStopRequested()) {
                return false;
            }
            switch (records.process(record)) {
                case DONE -> offsets.processed(record);
                case STOPPED -> {
                    return false;
                }
                case RETRY_LATER -> {
                    // Skipping it would lose it: read the partition again from this record.
                    consumer.seek(partition, record.offset());
                    return true;
                }
            }
        }
        return true;
    }

    private boolean isStopRequested() {
        return stopRequested.getCount() == 0;
    }

    private void closeQuietly(KafkaConsumer<byte[], byte[]> consumer) {
        try {
            consumer.close(CloseOptions.timeout(settings.commitTimeout()));
        } catch (KafkaException e) {
            LOG.warn("closing the consumer of {} failed: {}", settings.topics(), e.toString());
        }
    }

    /**
     * Before partitions leave this consumer, waits for the batches still unacknowledged, so that what
     * was done with them is committed for the next owner, then lets {@link ProcessedOffsets} commit.
     */
    private static final class AcknowledgedFirst implements ConsumerRebalanceListener {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final UnacknowledgedBatches unacknowledged;
        private final ProcessedOffsets offsets;

        AcknowledgedFirst(KafkaConsumer<byte[], byte[]> consumer, UnacknowledgedBatches unacknowledged,
                ProcessedOffsets offsets) {
            this.consumer = consumer;
            this.unacknowledged = unacknowledged;
            this.offsets = offsets;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            readAgain(consumer, unacknowledged.awaitAll());
            offsets.onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            offsets.onPartitionsAssigned(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            readAgain(consumer, unacknowledged.awaitAll());
            offsets.onPartitionsLost(partitions);
        }
    }
}
