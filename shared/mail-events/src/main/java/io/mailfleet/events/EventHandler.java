package io.mailfleet.events;

/**
 * Applies one event's effect. Returning normally means the effect is done and the record may be
 * committed; throwing means it is not, and the record is tried again. Since a record can arrive
 * again after a crash, the effect must be idempotent (docs/architecture.md, invariant 2).
 */
@FunctionalInterface
public interface EventHandler<T> {

    void handle(ReceivedEvent<T> received) throws Exception;
}
