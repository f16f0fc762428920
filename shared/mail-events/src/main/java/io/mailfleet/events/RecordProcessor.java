package io.mailfleet.events;

import io.mailfleet.events.codec.EventCodec;
import io.mailfleet.events.codec.EventDecodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one record to its end: handled, or dead-lettered after the allowed attempts. With a
 * {@link BatchEventHandler}, first tries a whole poll's records in one call.
 */
final class RecordProcessor<T> {

    private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);

    enum Outcome {
        /** Handled or dead-lettered: the consumer may commit past it. */
        DONE,
        /** It could not be handled or dead-lettered now: it must be read again. */
        RETRY_LATER,
        /** The consumer is closing and the record was not handled. */
        STOPPED
    }

    enum BatchOutcome {
        /** Every record was handled: the consumer may commit past all of them. */
        DONE,
        /** None may count as handled yet: the whole batch must be read again. */
        RETRY_LATER,
        /** The consumer is closing and the batch was not handled. */
        STOPPED,
        /** The batch failed, or holds an undecodable record: its records must go one at a time. */
        ONE_BY_ONE
    }

    /** How an attempt at a batch ended and, when {@link BatchOutcome#DONE}, its acknowledgement still to come. */
    record BatchResult(BatchOutcome outcome, CompletionStage<?> acknowledged) {

        static final CompletionStage<?> ALREADY = CompletableFuture.completedFuture(null);

        static BatchResult of(BatchOutcome outcome) {
            return new BatchResult(outcome, ALREADY);
        }
    }

    private final EventCodec codec = new EventCodec();
    private final Class<T> eventClass;
    private final EventHandler<? super T> handler;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final DeadLetterPublisher deadLetters;
    private final CountDownLatch stopRequested;

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    RecordProcessor(Class<T> eventClass, EventHandler<? super T> handler, ConsumerSettings settings,
            DeadLetterPublisher deadLetters, CountDownLatch stopRequested) {
        this.eventClass = eventClass;
        this.handler = handler;
        this.maxAttempts = settings.maxAttempts();
        this.retryBackoff = settings.retryBackoff();
        this.deadLetters = deadLetters;
        this.stopRequested = stopRequested;
    }

    /**
     * One attempt at the whole batch. A failure other than {@link RetryLaterException} is not
     * retried here: the records then go one at a time, so that a bad one is retried and
     * dead-lettered alone. An {@link AcknowledgedBatchHandler}'s batch is done once stored, with its
     * acknowledgement to come.
     */
    BatchResult processAll(BatchEventHandler<T> batchHandler, List<ConsumerRecord<byte[], byte[]>> records) {
        List<ReceivedEvent<T>> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                batch.add(new ReceivedEvent<>(record.topic(), record.partition(), record.offset(), key(record),
                        codec.decode(record.value(), eventClass), 1));
            } catch (EventDecodingException e) {
                return BatchResult.of(BatchOutcome.ONE_BY_ONE);
            }
        }
        try {
            CompletionStage<?> acknowledged = BatchResult.ALREADY;
            if (batchHandler instanceof AcknowledgedBatchHandler<T> acknowledging) {
                acknowledged = acknowledging.store(batch);
            } else {
                batchHandler.handleAll(batch);
            }
            processed.addAndGet(batch.size());
            return new BatchResult(BatchOutcome.DONE, acknowledged);
        } catch (RetryLaterException e) {
            retried.incrementAndGet();
            LOG.info("a batch of {} records must wait: {}", batch.size(), e.getMessage());
            return BatchResult.of(stopRequestedDuring(retryBackoff) ? BatchOutcome.STOPPED : BatchOutcome.RETRY_LATER);
        } catch (Exception e) {
            retried.incrementAndGet();
            LOG.debug("a batch of {} records failed, handling them one at a time", batch.size(), e);
            return BatchResult.of(BatchOutcome.ONE_BY_ONE);
        }
    }

    Outcome process(ConsumerRecord<byte[], byte[]> record) {
        T event;
        try {
            event = codec.decode(record.value(), eventClass);
        } catch (EventDecodingException e) {
            // Retrying cannot make the bytes readable.
            return deadLetter(record, e, 0);
        }
        String key = key(record);
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(new ReceivedEvent<>(record.topic(), record.partition(), record.offset(), key, event,
                        attempt));
                processed.incrementAndGet();
                return Outcome.DONE;
            } catch (RetryLaterException e) {
                retried.incrementAndGet();
                LOG.info("{}-{}@{} must wait: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                // Back to the poll loop, so a long outage does not hold the consumer out of its group.
                return stopRequestedDuring(retryBackoff) ? Outcome.STOPPED : Outcome.RETRY_LATER;
            } catch (Exception e) {
                if (attempt >= maxAttempts) {
                    return deadLetter(record, e, attempt);
                }
                retried.incrementAndGet();
                LOG.debug("attempt {} at {}-{}@{} failed, retrying", attempt, record.topic(), record.partition(),
                        record.offset(), e);
                if (stopRequestedDuring(retryBackoff)) {
                    return Outcome.STOPPED;
                }
            }
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    private Outcome deadLetter(ConsumerRecord<byte[], byte[]> record, Exception reason, int attempts) {
        LOG.warn("dead-lettering {}-{}@{} after {} attempts: {}", record.topic(), record.partition(), record.offset(),
                attempts, reason.toString());
        if (!deadLetters.publish(record, reason, attempts)) {
            return Outcome.RETRY_LATER;
        }
        deadLettered.incrementAndGet();
        return Outcome.DONE;
    }

    /**
     * Counts a stored batch whose events Kafka did not acknowledge as a retry and waits the back-off
     * before it is read again; true if the consumer is stopping meanwhile.
     */
    boolean unacknowledged() {
        retried.incrementAndGet();
        LOG.info("what a batch published was not acknowledged; it and the batches after it are read again");
        return stopRequestedDuring(retryBackoff);
    }

    private boolean stopRequestedDuring(Duration pause) {
        try {
            return stopRequested.await(pause.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    long processed() {
        return processed.get();
    }

    long retried() {
        return retried.get();
    }

    long deadLettered() {
        return deadLettered.get();
    }
}
