package io.mailfleet.delivery.relay;

import io.mailfleet.delivery.Acks;
import io.mailfleet.delivery.bounce.Bounces;
import io.mailfleet.delivery.bounce.BouncedMail;
import io.mailfleet.delivery.bounce.FailedRecipient;
import io.mailfleet.delivery.retry.RetrySchedule;
import io.mailfleet.delivery.server.DeliveryMetrics;
import io.mailfleet.events.EventHandler;
import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.ReceivedEvent;
import io.mailfleet.events.RetryLaterException;
import io.mailfleet.quarkus.failure.TemporaryFailures;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.event.OutboundMail;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.blob.BlobStoreUnavailableException;
import io.mailfleet.store.relay.RelayOutcome;
import io.mailfleet.store.relay.RelayReceiptRepository;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Relays one {@link OutboundMail}: recipients the relay finished before (a redelivered event, a
 * retry scheduled twice) are skipped; the rest are tried once. Accepted ones are recorded, through
 * a store outage too ({@link LastingReceipts}), refused ones bounce, and those that failed
 * temporarily wait in a delay topic for the next attempt, or bounce once the message is older than
 * the give-up time. Waiting messages are records in the delay topics, so they never hold up other
 * deliveries.
 */
public final class RelayHandler implements EventHandler<OutboundMail> {

    private final RemoteDelivery remote;
    private final RelayReceiptRepository receipts;
    private final LastingReceipts lastingReceipts;
    private final Bounces bounces;
    private final EventPublisher events;
    private final Topics topics;
    private final RetrySchedule retries;
    private final Duration publishBound;
    private final DeliveryMetrics metrics;
    private final Clock clock;

    public RelayHandler(RemoteDelivery remote, RelayReceiptRepository receipts, Bounces bounces, EventPublisher events,
                        Topics topics, RetrySchedule retries, Duration publishBound, DeliveryMetrics metrics, Clock clock) {
        this.remote = remote;
        this.receipts = receipts;
        this.lastingReceipts = new LastingReceipts(receipts);
        this.bounces = bounces;
        this.events = events;
        this.topics = topics;
        this.retries = retries;
        this.publishBound = publishBound;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void handle(ReceivedEvent<OutboundMail> received) {
        OutboundMail mail = received.event();
        try {
            relay(mail);
        } catch (StoreUnavailableException | BlobStoreUnavailableException | IOException e) {
            TemporaryFailures.shared().record("relay deferred, the event will be read again", e);
            throw new RetryLaterException("relay of " + mail.messageId() + " to " + mail.domain() + " must wait: "
                    + e.getMessage(), e);
        }
    }

    private void relay(OutboundMail mail) throws IOException {
        Map<String, RelayOutcome> finished = receipts.finished(mail.toMessageId());
        List<Recipient> pending = mail.recipients().stream().filter(r -> !finished.containsKey(r.address())).toList();
        if (pending.isEmpty()) {
            mail.recipients().forEach(r -> metrics.delivery("remote", "duplicate"));
            return;
        }
        Instant now = clock.instant();
        boolean expired = retries.expired(mail.receivedAt(), now);
        List<FailedRecipient> failed = new ArrayList<>();
        List<Recipient> again = new ArrayList<>();
        Map<String, String> errors = new HashMap<>();
        for (RecipientOutcome outcome : remote.deliver(mail, pending)) {
            switch (outcome.kind()) {
                case DELIVERED -> {
                    lastingReceipts.record(mail.toMessageId(), outcome.recipient().address(), RelayOutcome.DELIVERED);
                    metrics.delivery("remote", "delivered");
                    metrics.latency("remote", Duration.between(mail.receivedAt(), clock.instant()));
                }
                case PERMANENT -> failed.add(failure(outcome));
                case TEMPORARY -> {
                    if (expired) {
                        // Its last temporary status stands: RFC 3464 allows 4.x.x with Action: failed.
                        failed.add(failure(outcome));
                    } else {
                        again.add(outcome.recipient());
                        errors.put(outcome.recipient().address(), describe(outcome));
                    }
                }
            }
        }
        if (!again.isEmpty()) {
            RetrySchedule.Retry retry = retries.next(mail.receivedAt(), now);
            OutboundMail next = mail.nextAttempt(again, errors);
            Acks.await(events.publishDelayed(retry.topic(), mail.domain(), next, retry.dueAt(), topics.outbound()),
                    publishBound, "relay retry");
            again.forEach(r -> {
                metrics.delivery("remote", "deferred");
                metrics.retryScheduled("remote");
            });
        }
        if (!failed.isEmpty()) {
            bounces.send(BouncedMail.of(mail), failed);
            for (FailedRecipient f : failed) {
                lastingReceipts.record(mail.toMessageId(), f.recipient().address(), RelayOutcome.BOUNCED);
                metrics.delivery("remote", "bounced");
            }
        }
    }

    private static FailedRecipient failure(RecipientOutcome outcome) {
        return new FailedRecipient(outcome.recipient(), outcome.status(), outcome.diagnostic(), outcome.remoteReply(),
                outcome.remoteHost());
    }

    private static String describe(RecipientOutcome outcome) {
        return outcome.remoteHost().map(host -> host + ": ").orElse("") + outcome.diagnostic();
    }
}
