package io.mailfleet.events;

import java.util.List;

/**
 * Applies the effects of a whole poll's events at once, so that work on many events can share
 * round trips (one write per mailbox instead of one per message). Returning normally means every
 * event's effect is done and all their records may be committed; throwing means none may be:
 * a {@link RetryLaterException} has the whole batch read again after the back-off, any other
 * failure has its records handed over again one at a time ({@link #handle}), each retried and
 * dead-lettered on its own, so that one bad event cannot block the others. Effects must be
 * idempotent, as for {@link EventHandler}: a batch, or part of it, may be handled again.
 */
@FunctionalInterface
public interface BatchEventHandler<T> extends EventHandler<T> {

    /** @param batch the decoded events of one poll, in order within each partition */
    void handleAll(List<ReceivedEvent<T>> batch) throws Exception;

    @Override
    default void handle(ReceivedEvent<T> received) throws Exception {
        handleAll(List.of(received));
    }
}
