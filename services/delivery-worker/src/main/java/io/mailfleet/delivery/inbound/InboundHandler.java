package io.mailfleet.delivery.inbound;

import io.mailfleet.delivery.Acks;
import io.mailfleet.delivery.bounce.Bounces;
import io.mailfleet.delivery.bounce.BouncedMail;
import io.mailfleet.delivery.bounce.FailedRecipient;
import io.mailfleet.delivery.local.Expansion;
import io.mailfleet.delivery.local.LocalDelivery;
import io.mailfleet.delivery.local.LocalOutcome;
import io.mailfleet.delivery.local.RecipientResolver;
import io.mailfleet.delivery.retry.RetrySchedule;
import io.mailfleet.delivery.server.DeliveryMetrics;
import io.mailfleet.events.EventHandler;
import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.ReceivedEvent;
import io.mailfleet.events.RetryLaterException;
import io.mailfleet.quarkus.failure.TemporaryFailures;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.OriginalRecipient;
import io.mailfleet.model.event.OutboundMail;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.blob.BlobStoreUnavailableException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Handles one accepted message: each recipient of a hosted domain is expanded through aliases and
 * delivered into its accounts' INBOXes; the others, and alias targets elsewhere, go to the relay as
 * one {@link OutboundMail} per destination domain. Everything it does is idempotent, so the whole
 * event can be handled again after a crash or a temporary failure: local copies are found by their
 * receipts, relay events are deduplicated by the relay, bounces get derived message ids. A client's
 * retry of a message Kafka took despite the client's 451 reaches no recipient twice ({@link RetriedCopies}).
 */
public final class InboundHandler implements EventHandler<MailAccepted> {

    private final RecipientResolver resolver;
    private final LocalDelivery local;
    private final RetriedCopies retriedCopies;
    private final Bounces bounces;
    private final EventPublisher events;
    private final Topics topics;
    private final RetrySchedule retries;
    private final Duration quotaRetryFor;
    private final Duration publishBound;
    private final DeliveryMetrics metrics;
    private final Clock clock;

    public InboundHandler(RecipientResolver resolver, LocalDelivery local, RetriedCopies retriedCopies, Bounces bounces,
                          EventPublisher events, Topics topics, RetrySchedule retries, Duration quotaRetryFor,
                          Duration publishBound, DeliveryMetrics metrics, Clock clock) {
        this.resolver = resolver;
        this.local = local;
        this.retriedCopies = retriedCopies;
        this.bounces = bounces;
        this.events = events;
        this.topics = topics;
        this.retries = retries;
        this.quotaRetryFor = quotaRetryFor;
        this.publishBound = publishBound;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void handle(ReceivedEvent<MailAccepted> received) {
        try {
            deliver(received.event());
        } catch (StoreUnavailableException | BlobStoreUnavailableException | IOException e) {
            TemporaryFailures.shared().record("delivery deferred, the event will be read again", e);
            throw new RetryLaterException("delivery of " + received.event().messageId() + " must wait: " + e.getMessage(), e);
        }
    }

    private void deliver(MailAccepted mail) throws IOException {
        Map<String, List<Recipient>> outbound = new LinkedHashMap<>();
        List<Recipient> overQuota = new ArrayList<>();
        List<FailedRecipient> failed = new ArrayList<>();
        Set<String> reachedBefore = retriedCopies.reachedBefore(mail);
        for (Recipient recipient : mail.recipients()) {
            MailAddress address = recipient.toAddress();
            if (reachedBefore.contains(recipient.address())) {
                metrics.delivery(resolver.isLocal(address) ? "local" : "remote", "duplicate");
                continue;
            }
            if (!resolver.isLocal(address)) {
                outbound.computeIfAbsent(address.host().ascii(), domain -> new ArrayList<>()).add(recipient);
                continue;
            }
            Expansion expansion = resolver.expand(address);
            if (!expansion.deliverable()) {
                failed.add(expansion.problem() == Expansion.Problem.ALIAS_LOOP
                        ? FailedRecipient.local(recipient, "5.4.6", "alias loop or alias expansion too deep for " + address)
                        : FailedRecipient.local(recipient, "5.1.1", "no such mailbox here: " + address));
                continue;
            }
            boolean waiting = false;
            boolean taken = !expansion.remote().isEmpty();
            for (MailAddress account : expansion.accounts()) {
                LocalOutcome outcome = local.deliver(mail, account);
                waiting |= outcome == LocalOutcome.OVER_QUOTA;
                taken |= outcome != LocalOutcome.NO_SUCH_ACCOUNT;
                record(mail, outcome);
            }
            if (!taken) {
                failed.add(FailedRecipient.local(recipient, "5.1.1", "mailbox deleted since the message was accepted: " + address));
                continue;
            }
            for (MailAddress target : expansion.remote()) {
                outbound.computeIfAbsent(target.host().ascii(), domain -> new ArrayList<>()).add(viaAlias(recipient, target));
            }
            if (waiting) {
                overQuota.add(recipient);
            }
        }
        for (Map.Entry<String, List<Recipient>> destination : outbound.entrySet()) {
            OutboundMail relay = OutboundMail.firstAttempt(mail, destination.getKey(), destination.getValue());
            Acks.await(events.publish(topics.outbound(), relay.domain(), relay), publishBound, "OutboundMail");
        }
        waitForRoom(mail, overQuota, failed);
        if (!failed.isEmpty()) {
            bounces.send(BouncedMail.of(mail), failed);
            failed.forEach(f -> metrics.delivery("local", "bounced"));
        }
    }

    /** Over quota is temporary (4.2.2) until the message has waited {@code quotaRetryFor}: then 5.2.2. */
    private void waitForRoom(MailAccepted mail, List<Recipient> overQuota, List<FailedRecipient> failed) throws IOException {
        if (overQuota.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(mail.receivedAt().plus(quotaRetryFor))) {
            overQuota.forEach(r -> failed.add(FailedRecipient.local(r, "5.2.2", "mailbox full: still over quota "
                    + quotaRetryFor.toMinutes() + " minutes after the message arrived")));
            return;
        }
        MailAccepted later = new MailAccepted(mail.version(), mail.messageId(), mail.queueId(), mail.sender(), overQuota,
                mail.dsnReturn(), mail.envelopeId(), mail.bodyType(), mail.smtpUtf8(), mail.blobKey(), mail.size(),
                mail.receivedAt(), mail.client());
        RetrySchedule.Retry retry = retries.next(mail.receivedAt(), now);
        Acks.await(events.publishDelayed(retry.topic(), mail.messageId(), later, retry.dueAt(), topics.inbound()),
                publishBound, "over-quota retry");
        overQuota.forEach(r -> metrics.retryScheduled("local"));
    }

    private void record(MailAccepted mail, LocalOutcome outcome) {
        switch (outcome) {
            case DELIVERED -> {
                metrics.delivery("local", "delivered");
                metrics.latency("local", Duration.between(mail.receivedAt(), clock.instant()));
            }
            case ALREADY_DELIVERED -> metrics.delivery("local", "duplicate");
            case OVER_QUOTA -> metrics.delivery("local", "deferred");
            case NO_SUCH_ACCOUNT -> {
                // Counted as bounced once the recipient's bounce is sent.
            }
        }
    }

    /** An alias target keeps the envelope recipient as its original recipient, for the DSN. */
    private static Recipient viaAlias(Recipient recipient, MailAddress target) {
        Optional<OriginalRecipient> original = recipient.originalRecipient()
                .or(() -> Optional.of(new OriginalRecipient("rfc822", recipient.address())));
        return new Recipient(target.toString(), recipient.dsnNotify(), original);
    }
}
