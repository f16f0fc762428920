package io.mailfleet.events.broadcast;

import io.mailfleet.events.codec.EventCodec;
import io.mailfleet.events.codec.EventDecodingException;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.MailboxEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
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
 * Every instance's own reading of the whole mailbox events topic, which wakes the sessions of this
 * instance whose account changed. It belongs to no consumer group: it takes every partition, starts
 * at their end, commits nothing, and takes partitions added later from their beginning, so each
 * instance hears every event published while it runs.
 *
 * <p>An event is a hint (docs/architecture.md, "Events"): a woken session rereads what changed
 * since its last MODSEQ from the store. So nothing here is retried or kept: when Kafka cannot be
 * reached the reader keeps trying quietly and {@link #connected()} turns false, and sessions poll the
 * store meanwhile; an event missed then only delays a notification.
 *
 * <p>One thread reads and runs the callbacks; it is started by {@link #start} and stopped by
 * {@link #close()}.
 */
public final class MailboxEventBroadcast implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxEventBroadcast.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final BroadcastSettings settings;
    private final AccountWatchers watchers = new AccountWatchers();
    private final EventCodec codec = new EventCodec();
    private final BroadcastMetrics metrics;
    private final KafkaConsumer<byte[], byte[]> kafka;
    private final Thread reader;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean connected;

    // Touched by the reader thread only.
    private Set<TopicPartition> assigned = Set.of();
    private boolean everAssigned;
    private long nextCheck = System.nanoTime();
    private boolean outageLogged;

    private MailboxEventBroadcast(BroadcastSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.kafka = new KafkaConsumer<>(settings.kafkaProperties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.metrics = new BroadcastMetrics(registry, this::connected, watchers);
        this.reader = new Thread(this::run, "mailbox-events-broadcast");
        reader.setDaemon(true);
    }

    /** Starts reading on a thread of its own; it runs until {@link #close()}. */
    public static MailboxEventBroadcast start(BroadcastSettings settings, MeterRegistry registry) {
        MailboxEventBroadcast broadcast = new MailboxEventBroadcast(settings, registry);
        broadcast.reader.start();
        return broadcast;
    }

    /**
     * Runs {@code wake} for every change of {@code account} heard of until the returned watch is
     * closed. {@code wake} runs on the reader's thread and must return at once, never block: a
     * gateway's callback only schedules the session's resync on the session's own executor.
     */
    public AccountWatchers.Watch watch(MailAddress account, Runnable wake) {
        return watchers.watch(account, wake);
    }

    /**
     * True while the broker answers and every partition of the topic is being read; false before
     * that, while Kafka cannot be reached, and after {@link #close()}. While false, sessions should
     * poll the store rather than wait to be woken.
     */
    public boolean connected() {
        return connected;
    }

    /** Stops the reader and waits for its thread to end; watches still open are simply no longer woken. */
    @Override
    public void close() {
        stopRequested.countDown();
        kafka.wakeup();
        if (Thread.currentThread() == reader) {
            return;
        }
        try {
            reader.join(CLOSE_TIMEOUT.toMillis());
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
            connected = false;
            try {
                kafka.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            } catch (KafkaException e) {
                LOG.debug("closing the mailbox events reader failed: {}", e.toString());
            }
        }
    }

    private void readOnce() {
        try {
            if (System.nanoTime() - nextCheck >= 0) {
                nextCheck = System.nanoTime() + settings.checkInterval().toNanos();
                check();
            }
            if (assigned.isEmpty()) {
                // Nothing to poll yet: the topic is missing or Kafka has not answered.
                pause();
                return;
            }
            for (ConsumerRecord<byte[], byte[]> record : kafka.poll(settings.pollTimeout())) {
                wake(record);
            }
        } catch (WakeupException e) {
            // close() was called; the loop ends.
        } catch (RuntimeException e) {
            // Kafka unreachable, or anything else: reading goes on, and sessions poll meanwhile. The
            // pause keeps a failure that repeats at once from spinning.
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

    /** One round trip to the broker: follows the topic's partitions and proves the connection. */
    private void check() {
        List<PartitionInfo> partitions = kafka.partitionsFor(settings.topic(), settings.checkTimeout());
        if (partitions == null || partitions.isEmpty()) {
            disconnected("the topic " + settings.topic() + " does not exist");
            return;
        }
        Set<TopicPartition> current = partitions.stream()
                .map(partition -> new TopicPartition(partition.topic(), partition.partition()))
                .collect(Collectors.toUnmodifiableSet());
        if (!current.equals(assigned)) {
            assign(current);
        }
        // Answered by each partition's leader, whatever the client has cached.
        kafka.endOffsets(assigned, settings.checkTimeout());
        if (!connected) {
            LOG.info("reading {} ({} partitions): IDLE sessions are woken by its events", settings.topic(),
                    assigned.size());
        }
        outageLogged = false;
        connected = true;
    }

    /**
     * The first partitions are read from their end: what happened before this instance started is
     * no news to its sessions. A partition added later is read from its beginning, since all it
     * holds came after.
     */
    private void assign(Set<TopicPartition> current) {
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
    }

    private void wake(ConsumerRecord<byte[], byte[]> record) {
        MailboxEvent event;
        try {
            event = codec.decode(record.value(), MailboxEvent.class);
        } catch (EventDecodingException e) {
            metrics.undecodable();
            LOG.debug("skipped an undecodable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (watchers.wake(MailAddress.parse(event.account(), true)) == 0) {
            metrics.unwatched();
        } else {
            // The producer's clock against ours: a skew between hosts shows in this delay too.
            metrics.woke(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - record.timestamp())));
        }
    }

    /** Logged once per outage, not once per retry: an outage must not flood the log. */
    private void disconnected(String problem) {
        if (outageLogged) {
            LOG.debug("still cannot read {}: {}", settings.topic(), problem);
        } else {
            LOG.warn("cannot read {}, IDLE sessions poll the store until it is back: {}", settings.topic(), problem);
            outageLogged = true;
        }
        connected = false;
    }
}
