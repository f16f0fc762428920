package io.mailfleet.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds records until their due time, then forwards them to the topic they name: retries wait here
 * without blocking anything else. Each delay topic holds one delay, so its records fall due in the
 * order they were written; a partition whose head is not due is paused (positioned back on that
 * record) until it is, while the consumer keeps polling and stays in its group. A record is
 * forwarded, acknowledged, then committed: a crash in between forwards it twice, which the
 * consumers of the target topic absorb, being idempotent.
 *
 * <p>{@link #run()} is the loop, for a thread the caller owns; {@link #close()} ends it.
 */
public final class DelayLine implements Runnable, AutoCloseable {

    /** Epoch milliseconds, as decimal text, after which the record is forwarded. */
    public static final String DUE_AT = "mailfleet.due-at";
    /** The topic to forward the record to. */
    public static final String FORWARD_TO = "mailfleet.forward-to";

    private static final Logger LOG = LoggerFactory.getLogger(DelayLine.class);

    private final ConsumerSettings settings;
    private final AcknowledgedSender sender;
    private final Clock clock;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();
    private volatile KafkaConsumer<byte[], byte[]> kafka;
    private volatile long forwarded;

    public DelayLine(ConsumerSettings settings, ProducerSettings producer, Clock clock) {
        this.settings = settings;
        this.sender = new AcknowledgedSender(producer);
        this.clock = clock;
    }

    /** The headers that send a record through a delay line. */
    public static Headers headers(Instant dueAt, String forwardTo) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DUE_AT, Long.toString(dueAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        headers.add(FORWARD_TO, forwardTo.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    public long forwardedCount() {
        return forwarded;
    }

    @Override
    public void run() {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.kafkaProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        kafka = consumer;
        ProcessedOffsets offsets = new ProcessedOffsets(consumer, settings.commitTimeout());
        try {
            consumer.subscribe(settings.topics(), new ForgetPausedOnRevoke(offsets));
            while (stopRequested.getCount() > 0) {
                resumeDue(consumer);
                ConsumerRecords<byte[], byte[]> batch;
                try {
                    batch = consumer.poll(settings.pollTimeout());
                } catch (WakeupException e) {
                    continue;
                }
                for (TopicPartition partition : batch.partitions()) {
                    forwardDue(consumer, offsets, partition, batch.records(partition));
                }
                offsets.commitAsync();
            }
        } finally {
            offsets.commitSync();
            try {
                consumer.close(CloseOptions.timeout(settings.commitTimeout()));
            } finally {
                sender.close();
                finished.countDown();
            }
        }
    }

    private void forwardDue(KafkaConsumer<byte[], byte[]> consumer, ProcessedOffsets offsets, TopicPartition partition,
            List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Instant due = dueAt(record);
            if (due.isAfter(clock.instant())) {
                consumer.seek(partition, record.offset());
                consumer.pause(List.of(partition));
                pausedUntil.put(partition, due);
                return;
            }
            if (!forward(record)) {
                consumer.seek(partition, record.offset());
                return;
            }
            offsets.processed(record);
        }
    }

    private boolean forward(ConsumerRecord<byte[], byte[]> record) {
        Header target = record.headers().lastHeader(FORWARD_TO);
        if (target == null) {
            LOG.warn("{}-{}@{} names no topic to forward to; dropped", record.topic(), record.partition(), record.offset());
            return true;
        }
        RecordHeaders kept = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().equals(DUE_AT) && !header.key().equals(FORWARD_TO)) {
                kept.add(header);
            }
        }
        try {
            sender.send(new ProducerRecord<>(new String(target.value(), StandardCharsets.UTF_8), null, record.key(),
                    record.value(), kept)).get(settings.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
            forwarded++;
            return true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("forwarding {}-{}@{} failed, will retry: {}", record.topic(), record.partition(), record.offset(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void resumeDue(KafkaConsumer<byte[], byte[]> consumer) {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<TopicPartition, Instant>> it = pausedUntil.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, Instant> paused = it.next();
            if (!paused.getValue().isAfter(now)) {
                consumer.resume(List.of(paused.getKey()));
                it.remove();
            }
        }
    }

    /** A record without a readable due time is due now: holding it forever would lose it. */
    private static Instant dueAt(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(DUE_AT);
        try {
            return header == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(new String(header.value(), StandardCharsets.UTF_8)));
        } catch (NumberFormatException e) {
            return Instant.EPOCH;
        }
    }

    @Override
    public void close() {
        stopRequested.countDown();
        KafkaConsumer<byte[], byte[]> current = kafka;
        if (current != null) {
            current.wakeup();
            try {
                finished.await(settings.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A revoked partition's pause belongs to its next owner, which finds the head record again. */
    private final class ForgetPausedOnRevoke implements org.apache.kafka.clients.consumer.ConsumerRebalanceListener {
        private final ProcessedOffsets offsets;

        ForgetPausedOnRevoke(ProcessedOffsets offsets) {
            this.offsets = offsets;
        }

        @Override
        public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
            partitions.forEach(pausedUntil::remove);
            offsets.onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
            offsets.onPartitionsAssigned(partitions);
        }

        @Override
        public void onPartitionsLost(java.util.Collection<TopicPartition> partitions) {
            partitions.forEach(pausedUntil::remove);
            offsets.onPartitionsLost(partitions);
        }
    }
}
