package io.mailfleet.events;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A {@link BatchEventHandler} whose batches end in two steps: {@link #store} returns once the
 * batch's effects are done, and the stage it returns completes once Kafka acknowledged what the
 * batch published (events that tell others of those effects). The consumer goes on with its next
 * batches meanwhile, a bounded number of them, instead of polling nothing while it waits, and
 * commits a batch's records only once that batch and every earlier one are acknowledged. A stage
 * that fails has its batch, and every later one not committed, read again after the back-off, as
 * a {@link RetryLaterException} would: the effects are idempotent, and the events are published
 * again.
 */
public interface AcknowledgedBatchHandler<T> extends BatchEventHandler<T> {

    /**
     * Throws as {@link #handleAll} may; returns once the effects are done.
     *
     * @param batch the decoded events of one poll, in order within each partition
     * @return completes once Kafka acknowledged everything the batch published, or exceptionally if it did not
     *     within the publisher's bound
     */
    CompletionStage<?> store(List<ReceivedEvent<T>> batch) throws Exception;

    /** Both steps, the acknowledgements waited for: a batch handled alone. */
    @Override
    default void handleAll(List<ReceivedEvent<T>> batch) throws Exception {
        awaitAcknowledged(store(batch), batch.size());
    }

    /** Waits for a stored batch's acknowledgement; a {@link RetryLaterException} if it failed. */
    static void awaitAcknowledged(CompletionStage<?> acknowledged, int events) {
        try {
            acknowledged.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new RetryLaterException("what " + events + " events published was not acknowledged: "
                    + e.getCause(), e.getCause());
        }
    }
}
