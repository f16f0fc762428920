package io.mailfleet.events.directory;

import io.mailfleet.events.codec.EventCodec;
import io.mailfleet.events.codec.EventDecodingException;
import io.mailfleet.model.event.DirectoryChanged;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every instance's own reading of the directory events topic: each {@link DirectoryChanged} admin-api
 * publishes is handed to this instance's caches, so a removed domain, account or alias is forgotten
 * at once. Every instance must see every event, so each reader is a consumer group of its own, made
 * up anew at each start: it reads from the end, commits nothing, and the group is gone once it stops.
 *
 * <p>Events are hints: while Kafka cannot be reached the client keeps trying and the caches fall
 * back to their time to live, which bounds how long a removed entry is still answered from memory.
 * One thread reads and runs the callback, which must return at once.
 */
public final class DirectoryChangeReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryChangeReader.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String topic;
    private final Consumer<DirectoryChanged> forget;
    private final EventCodec codec = new EventCodec();
    private final KafkaConsumer<byte[], byte[]> kafka;
    private final Thread reader;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean reading;

    private DirectoryChangeReader(String bootstrapServers, String topic, Map<String, String> clientProperties,
                                  Consumer<DirectoryChanged> forget) {
        this.topic = topic;
        this.forget = forget;
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "directory-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // What was removed before this instance started is not in its caches.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // A fetch returns as soon as one record is there: the sooner a removal is heard, the better.
        properties.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        this.kafka = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::run, "directory-events-reader");
        reader.setDaemon(true);
    }

    /** Starts reading {@code topic} on a thread of its own, handing each event to {@code forget}, until {@link #close()}. */
    public static DirectoryChangeReader start(String bootstrapServers, String topic, Map<String, String> clientProperties,
                                              Consumer<DirectoryChanged> forget) {
        DirectoryChangeReader reader = new DirectoryChangeReader(bootstrapServers, topic, clientProperties, forget);
        reader.reader.start();
        return reader;
    }

    /** True once partitions of the topic are assigned: every removal published from then on is heard. */
    public boolean reading() {
        return reading;
    }

    @Override
    public void close() {
        stopRequested.countDown();
        kafka.wakeup();
        try {
            reader.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            kafka.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    reading = false;
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    reading = !partitions.isEmpty();
                }
            });
            while (stopRequested.getCount() > 0) {
                readOnce();
            }
        } finally {
            reading = false;
            try {
                kafka.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            } catch (KafkaException e) {
                LOG.debug("closing the directory events reader failed: {}", e.toString());
            }
        }
    }

    private void readOnce() {
        try {
            for (ConsumerRecord<byte[], byte[]> record : kafka.poll(POLL_TIMEOUT)) {
                handle(record);
            }
        } catch (WakeupException e) {
            // close() was called; the loop ends.
        } catch (RuntimeException e) {
            // Kafka unreachable, or anything else: the caches' TTL covers the gap; the pause keeps a
            // failure that repeats at once from spinning.
            LOG.debug("cannot read {} now, caches rely on their TTL: {}", topic, e.toString());
            try {
                stopRequested.await(PAUSE_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                stopRequested.countDown();
            }
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        DirectoryChanged change;
        try {
            change = codec.decode(record.value(), DirectoryChanged.class);
        } catch (EventDecodingException e) {
            LOG.debug("skipped an undecodable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        forget.accept(change);
    }
}
