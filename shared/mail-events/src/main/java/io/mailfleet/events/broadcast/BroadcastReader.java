package io.mailfleet.events.broadcast;

import io.mailfleet.events.codec.EventCodec;
import io.mailfleet.events.codec.EventDecodingException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's reading of a whole topic of hints, as a broadcast: it belongs to no consumer group,
 * takes every partition, starts at their end, commits nothing, and takes partitions added later from
 * their beginning, so that each instance hears every event published while it runs. What it hears it
 * decodes and hands to its {@link Listener}; a record that is not such an event is skipped.
 *
 * <p>Events read this way are hints: nothing is retried or kept, and while Kafka cannot be reached
 * the reader keeps trying quietly and {@link #connected()} is false, so that its users fall back on
 * what they do without hints (polling, a time to live).
 *
 * <p>Two threads: one polls and runs the listener; the other asks the broker, every check interval
 * and with a client of its own, for the topic's partitions and their end offsets. That round trip
 * tells whether the broker answers and finds added partitions, and it never holds up a poll.
 *
 * @param <T> the type of the topic's events
 */
public final class BroadcastReader<T> implements AutoCloseable {

    /** Hears the events of the topic, on the reader's thread: it must return at once, never block. */
    public interface Listener<T> {

        /** @param publishedAt the record's Kafka timestamp, in milliseconds since the epoch */
        void heard(T event, long publishedAt);

        /**
         * Whether a record under this Kafka key (null when it has none) may matter, asked before its value
         * is decoded: a listener that can tell from the key skips the decoding of every record it would drop.
         */
        default boolean wanted(byte[] key) {
            return true;
        }

        /** A record was skipped because it is not an event of the topic's type. */
        default void undecodable() {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(BroadcastReader.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final BroadcastSettings settings;
    private final Class<T> type;
    private final Listener<T> listener;
    private final EventCodec codec = new EventCodec();
    private final KafkaConsumer<byte[], byte[]> kafka;
    private final KafkaConsumer<byte[], byte[]> checker;
    private final Thread reader;
    private final ScheduledExecutorService checks;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicBoolean outageLogged = new AtomicBoolean();
    /** The topic's partitions as the last check found them; the reader follows them. */
    private volatile Set<TopicPartition> partitions = Set.of();
    private volatile boolean brokerAnswers;
    private volatile boolean readingAll;

    // Touched by the reader thread only.
    private Set<TopicPartition> assigned = Set.of();
    private boolean everAssigned;

    private BroadcastReader(BroadcastSettings settings, Class<T> type, Listener<T> listener) {
        this.settings = settings;
        this.type = type;
        this.listener = listener;
        this.kafka = new KafkaConsumer<>(settings.kafkaProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        var checking = settings.kafkaProperties();
        checking.computeIfPresent(ConsumerConfig.CLIENT_ID_CONFIG, (key, id) -> id + "-check");
        this.checker = new KafkaConsumer<>(checking, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::run, "broadcast-" + settings.topic());
        reader.setDaemon(true);
        this.checks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "broadcast-" + settings.topic() + "-check");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts reading {@code settings.topic()} as events of {@code type}; it runs until {@link #close()}. */
    public static <T> BroadcastReader<T> start(BroadcastSettings settings, Class<T> type, Listener<T> listener) {
        BroadcastReader<T> broadcast = new BroadcastReader<>(settings, type, listener);
        broadcast.checks.scheduleWithFixedDelay(broadcast::check, 0, settings.checkInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        broadcast.reader.start();
        return broadcast;
    }

    /**
     * True while the broker answers and every partition of the topic is being read; false before
     * that, while Kafka cannot be reached, and after {@link #close()}.
     */
    public boolean connected() {
        return brokerAnswers && readingAll && stopRequested.getCount() > 0;
    }

    /** Stops both threads and waits for the reader's to end. */
    @Override
    public void close() {
        stopRequested.countDown();
        checks.shutdownNow();
        checker.wakeup();
        kafka.wakeup();
        if (Thread.currentThread() == reader) {
            return;
        }
        try {
            reader.join(CLOSE_TIMEOUT.toMillis());
            if (checks.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                closeQuietly(checker);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (stopRequested.getCount() > 0) {
                readOnce();
            }
        } finally {
            readingAll = false;
            closeQuietly(kafka);
        }
    }

    private void readOnce() {
        try {
            Set<TopicPartition> wanted = partitions;
            if (!wanted.isEmpty() && !wanted.equals(assigned)) {
                assign(wanted);
            }
            if (assigned.isEmpty()) {
                // Nothing to poll yet: the topic is missing or Kafka has not answered.
                pause();
                return;
            }
            for (ConsumerRecord<byte[], byte[]> record : kafka.poll(settings.pollTimeout())) {
                hand(record);
            }
        } catch (WakeupException e) {
            // close() was called; the loop ends.
        } catch (RuntimeException e) {
            // Kafka unreachable, or anything else: reading goes on. The pause keeps a failure that
            // repeats at once from spinning.
            readingAll = false;
            disconnected(e.toString());
            pause();
        }
    }

    private void pause() {
        try {
            stopRequested.await(settings.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
        }
    }

    /** One round trip to the broker, on the checking thread: the topic's partitions, proved by their end offsets. */
    private void check() {
        try {
            List<PartitionInfo> found = checker.partitionsFor(settings.topic(), settings.checkTimeout());
            if (found == null || found.isEmpty()) {
                brokerAnswers = false;
                disconnected("the topic " + settings.topic() + " does not exist");
                return;
            }
            Set<TopicPartition> current = found.stream()
                    .map(partition -> new TopicPartition(partition.topic(), partition.partition()))
                    .collect(Collectors.toUnmodifiableSet());
            // Answered by each partition's leader, whatever the client has cached.
            checker.endOffsets(current, settings.checkTimeout());
            partitions = current;
            if (!brokerAnswers) {
                LOG.info("reading {} ({} partitions) as a broadcast", settings.topic(), current.size());
            }
            outageLogged.set(false);
            brokerAnswers = true;
        } catch (RuntimeException e) {
            brokerAnswers = false;
            // A failure after close() is its interruption, not an outage.
            if (stopRequested.getCount() > 0) {
                disconnected(e.toString());
            }
        }
    }

    /**
     * The first partitions are read from their end: what happened before this instance started is
     * no news to it. A partition added later is read from its beginning, since all it holds came after.
     */
    private void assign(Set<TopicPartition> current) {
        readingAll = false;
        Set<TopicPartition> added = new HashSet<>(current);
        added.removeAll(assigned);
        kafka.assign(current);
        if (everAssigned) {
            kafka.seekToBeginning(added);
        } else {
            kafka.seekToEnd(added);
        }
        // Resolve the positions now, so that once connected no event published afterwards is skipped.
        for (TopicPartition partition : added) {
            kafka.position(partition, settings.checkTimeout());
        }
        assigned = current;
        everAssigned = true;
        readingAll = true;
    }

    private void hand(ConsumerRecord<byte[], byte[]> record) {
        if (!listener.wanted(record.key())) {
            return;
        }
        T event;
        try {
            event = codec.decode(record.value(), type);
        } catch (EventDecodingException e) {
            listener.undecodable();
            LOG.debug("skipped an undecodable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        listener.heard(event, record.timestamp());
    }

    /** Logged once per outage, not once per retry: an outage must not flood the log. */
    private void disconnected(String problem) {
        if (outageLogged.getAndSet(true)) {
            LOG.debug("still cannot read {}: {}", settings.topic(), problem);
        } else {
            LOG.warn("cannot read {} until it is back: {}", settings.topic(), problem);
        }
    }

    private void closeQuietly(KafkaConsumer<byte[], byte[]> consumer) {
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (KafkaException e) {
            LOG.debug("closing a reader of {} failed: {}", settings.topic(), e.toString());
        }
    }
}
