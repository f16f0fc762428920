package io.mailfleet.pop3.gateway.maildrop;

import io.mailfleet.events.EventPublisher;
import io.mailfleet.model.event.MessageExpunged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells IMAP sessions that POP3 deleted messages. The event is a hint (docs/architecture.md,
 * "Events"): the expunge in the store is the change, and a session that misses the hint finds it at
 * its next resync. So QUIT does not wait for Kafka's acknowledgement, and a publish that fails is
 * logged and counted in {@code mailfleet_pop3_expunge_events_unpublished_total}, never answered to
 * the client as a failure.
 */
final class ExpungeEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ExpungeEvents.class);

    private final EventPublisher events;
    private final Counter unpublished;

    ExpungeEvents(EventPublisher events, MeterRegistry registry) {
        this.events = events;
        this.unpublished = Counter.builder("mailfleet_pop3_expunge_events_unpublished_total")
                .description("MessageExpunged events of POP3 deletions that Kafka did not take; IMAP sessions see the"
                        + " deletions at their next resync")
                .register(registry);
    }

    /** Returns without waiting; may block up to the publisher's bound on fetching topic metadata. */
    void publish(MessageExpunged event) {
        events.publish(event).whenComplete((position, failure) -> {
            if (failure != null) {
                unpublished.increment();
                LOG.warn("MessageExpunged of {} UIDs in {} not published, IMAP sessions see it at their next resync: {}",
                        event.uids().size(), event.mailboxId(), failure.toString());
            }
        });
    }
}
