package io.mailfleet.delivery.inbound;

import io.mailfleet.delivery.ParallelCalls;
import io.mailfleet.delivery.PendingAcks;
import io.mailfleet.delivery.bounce.Bounces;
import io.mailfleet.delivery.bounce.BouncedMail;
import io.mailfleet.delivery.bounce.FailedRecipient;
import io.mailfleet.delivery.local.Expansion;
import io.mailfleet.delivery.local.LocalCopy;
import io.mailfleet.delivery.local.LocalDelivery;
import io.mailfleet.delivery.local.LocalOutcome;
import io.mailfleet.delivery.local.RecipientResolver;
import io.mailfleet.delivery.retry.RetrySchedule;
import io.mailfleet.delivery.server.DeliveryMetrics;
import io.mailfleet.events.AcknowledgedBatchHandler;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Handles accepted messages, a poll's worth at a time: each recipient of a hosted domain is
 * expanded through aliases and delivered into its accounts' INBOXes, the batch's copies grouped
 * per INBOX ({@link LocalDelivery}); the others, and alias targets elsewhere, go to the relay as
 * one {@link OutboundMail} per message and destination domain. Everything it does is idempotent,
 * so a batch, or any of its events, can be handled again after a crash or a temporary failure:
 * local copies are found by their receipts, relay events are deduplicated by the relay, bounces
 * get derived message ids. A client's retry of a message Kafka took despite the client's 451
 * reaches no account or remote address twice ({@link RetriedCopies}). What it publishes goes out
 * together, and the batch counts as handled only once Kafka acknowledged all of it; the consumer
 * meanwhile goes on with its next batches.
 */
public final class InboundHandler implements AcknowledgedBatchHandler<MailAccepted> {

    /** A recipient of a hosted domain, and where its accounts' copies sit in the batch's list. */
    private record LocalRecipient(Recipient recipient, MailAddress address, Expansion expansion, int firstCopy) {
    }

    /** What one message's recipients need, decided before anything is written. */
    private static final class Routing {
        final MailAccepted mail;
        final Map<String, List<Recipient>> outbound = new LinkedHashMap<>();
        final List<FailedRecipient> failed = new ArrayList<>();
        final List<LocalRecipient> locals = new ArrayList<>();
        final List<LocalCopy> copies = new ArrayList<>();

        Routing(MailAccepted mail) {
            this.mail = mail;
        }

        void relay(Recipient recipient, MailAddress address) {
            outbound.computeIfAbsent(address.host().ascii(), domain -> new ArrayList<>()).add(recipient);
        }
    }

    private final RecipientResolver resolver;
    private final LocalDelivery local;
    private final RetriedCopies retriedCopies;
    private final Bounces bounces;
    private final EventPublisher events;
    private final Topics topics;
    private final RetrySchedule retries;
    private final Duration quotaRetryFor;
    private final Duration publishBound;
    private final int maxUnacknowledged;
    private final Executor reads;
    private final DeliveryMetrics metrics;
    private final Clock clock;

    /**
     * @param maxUnacknowledged publishes of one batch that may await Kafka's acknowledgement at once
     * @param reads runs the routing of a batch's messages (duplicate claims, recipient lookups) at once
     */
    public InboundHandler(RecipientResolver resolver, LocalDelivery local, RetriedCopies retriedCopies, Bounces bounces,
                          EventPublisher events, Topics topics, RetrySchedule retries, Duration quotaRetryFor,
                          Duration publishBound, int maxUnacknowledged, Executor reads, DeliveryMetrics metrics, Clock clock) {
        this.resolver = resolver;
        this.local = local;
        this.retriedCopies = retriedCopies;
        this.bounces = bounces;
        this.events = events;
        this.topics = topics;
        this.retries = retries;
        this.quotaRetryFor = quotaRetryFor;
        this.publishBound = publishBound;
        this.maxUnacknowledged = maxUnacknowledged;
        this.reads = reads;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Both steps, waited for: a batch handled alone. Throws no checked exception, as {@link #store} does not. */
    @Override
    public void handleAll(List<ReceivedEvent<MailAccepted>> batch) {
        AcknowledgedBatchHandler.awaitAcknowledged(store(batch), batch.size());
    }

    @Override
    public CompletionStage<?> store(List<ReceivedEvent<MailAccepted>> batch) {
        List<MailAccepted> mails = batch.stream().map(ReceivedEvent::event).toList();
        try {
            return deliver(mails);
        } catch (StoreUnavailableException | BlobStoreUnavailableException | IOException e) {
            TemporaryFailures.shared().record("delivery deferred, the event will be read again", e);
            throw new RetryLaterException("delivery of " + mails.size() + " messages from "
                    + mails.get(0).messageId() + " must wait: " + e.getMessage(), e);
        }
    }

    /** Returns once stored; the stage completes once Kafka acknowledged what the batch published. */
    private CompletionStage<?> deliver(List<MailAccepted> mails) throws IOException {
        Instant begun = clock.instant();
        mails.forEach(mail -> metrics.stage("queued", Duration.between(mail.receivedAt(), begun)));
        PendingAcks published = new PendingAcks(publishBound, maxUnacknowledged);
        LocalDelivery.Batch batch = local.begin(mails.stream().filter(this::needsContentRead).map(MailAccepted::blobKey).toList());
        try {
            Map<String, CompletableFuture<Expansion>> expansions = new ConcurrentHashMap<>();
            List<Routing> routings = ParallelCalls.map(reads, mails,
                    mail -> route(mail, retriedCopies.destinationsOf(mail), batch, expansions));
            Instant routed = stageEnded("routed", begun);
            List<LocalCopy> copies = new ArrayList<>();
            routings.forEach(routing -> copies.addAll(routing.copies));
            List<LocalOutcome> outcomes = batch.deliverAll(copies, published);
            int offset = 0;
            for (Routing routing : routings) {
                finish(routing, outcomes.subList(offset, offset + routing.copies.size()), published);
                offset += routing.copies.size();
            }
            Instant stored = stageEnded("stored", routed);
            return published.acknowledged().whenComplete((done, failure) -> {
                if (failure == null) {
                    stageEnded("acknowledged", stored);
                } else {
                    TemporaryFailures.shared().record("delivery's events not acknowledged, the batch will be read again",
                            failure);
                }
            });
        } finally {
            batch.settle();
        }
    }

    /**
     * Whether the message's stored content is read for its copies: it has a recipient in a hosted domain, and its
     * event does not carry what the copies' rows keep of the content.
     */
    private boolean needsContentRead(MailAccepted mail) {
        return mail.content().isEmpty()
                && mail.recipients().stream().anyMatch(recipient -> resolver.isLocal(recipient.toAddress()));
    }

    /** Reports a stage of the batch that began at {@code since} and ends now; returns now. */
    private Instant stageEnded(String stage, Instant since) {
        Instant now = clock.instant();
        metrics.stage(stage, Duration.between(since, now));
        return now;
    }

    /**
     * Expands the message's recipients and claims its remote destinations and bounces; the copies for local
     * accounts carry their claims into their INBOXes' changes, and are prepared in {@code batch} before the
     * other claims are taken, so those round trips overlap the INBOX lookups and content writes. A recipient
     * is expanded once per batch ({@code expansions}, by lookup key).
     */
    private Routing route(MailAccepted mail, RetriedCopies.Claims claims, LocalDelivery.Batch batch,
                          Map<String, CompletableFuture<Expansion>> expansions) {
        Routing routing = new Routing(mail);
        for (Recipient recipient : mail.recipients()) {
            MailAddress address = recipient.toAddress();
            if (!resolver.isLocal(address)) {
                if (firstHere(claims::reachedBefore, address.toString(), "remote")) {
                    routing.relay(recipient, address);
                }
                continue;
            }
            Expansion expansion = expanded(address, expansions);
            if (!expansion.deliverable()) {
                if (firstHere(claims::reachedBefore, address.lookupKey(), "local")) {
                    routing.failed.add(expansion.problem() == Expansion.Problem.ALIAS_LOOP
                            ? FailedRecipient.local(recipient, "5.4.6", "alias loop or alias expansion too deep for " + address)
                            : FailedRecipient.local(recipient, "5.1.1", "no such mailbox here: " + address));
                }
                continue;
            }
            expansion.accounts().forEach(account -> batch.prepare(new LocalCopy(mail, account, claims.ofAccount())));
            Expansion unreached = new Expansion(
                    expansion.accounts().stream()
                            .filter(account -> firstHere(claims::accountReachedBefore, account.lookupKey(), "local")).toList(),
                    expansion.remote().stream().filter(target -> firstHere(claims::reachedBefore, target.toString(), "remote")).toList(),
                    expansion.problem());
            if (!unreached.deliverable()) {
                // An earlier attempt at this message reached every destination of this recipient.
                continue;
            }
            routing.locals.add(new LocalRecipient(recipient, address, unreached, routing.copies.size()));
            unreached.accounts().forEach(account -> routing.copies.add(new LocalCopy(mail, account, claims.ofAccount())));
        }
        return routing;
    }

    /**
     * The recipient's expansion, read from the store by the first of the batch's messages that names it and
     * shared with the others: a batch mostly holds several messages for each of a few recipients, and their
     * expansions read the same alias and account rows.
     */
    private Expansion expanded(MailAddress address, Map<String, CompletableFuture<Expansion>> expansions) {
        CompletableFuture<Expansion> mine = new CompletableFuture<>();
        CompletableFuture<Expansion> earlier = expansions.putIfAbsent(address.lookupKey(), mine);
        if (earlier == null) {
            try {
                mine.complete(resolver.expand(address));
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return earlier.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Whether the destination is this message's to reach; counted as a duplicate when an earlier attempt reached it. */
    private boolean firstHere(Predicate<String> reachedBefore, String destination, String route) {
        if (reachedBefore.test(destination)) {
            metrics.delivery(route, "duplicate");
            return false;
        }
        return true;
    }

    /** With the local outcomes of the message's copies known: the relay, the over-quota wait, the bounces. */
    private void finish(Routing routing, List<LocalOutcome> outcomes, PendingAcks published) throws IOException {
        MailAccepted mail = routing.mail;
        List<Recipient> overQuota = new ArrayList<>();
        for (LocalRecipient each : routing.locals) {
            boolean waiting = false;
            boolean taken = !each.expansion().remote().isEmpty();
            for (int n = 0; n < each.expansion().accounts().size(); n++) {
                LocalOutcome outcome = outcomes.get(each.firstCopy() + n);
                waiting |= outcome == LocalOutcome.OVER_QUOTA;
                taken |= outcome != LocalOutcome.NO_SUCH_ACCOUNT;
                record(mail, outcome);
            }
            if (!taken) {
                routing.failed.add(FailedRecipient.local(each.recipient(), "5.1.1",
                        "mailbox deleted since the message was accepted: " + each.address()));
                continue;
            }
            for (MailAddress target : each.expansion().remote()) {
                routing.relay(viaAlias(each.recipient(), target), target);
            }
            if (waiting) {
                overQuota.add(each.recipient());
            }
        }
        for (Map.Entry<String, List<Recipient>> destination : routing.outbound.entrySet()) {
            OutboundMail relay = OutboundMail.firstAttempt(mail, destination.getKey(), destination.getValue());
            published.add(events.publish(topics.outbound(), relay.domain(), relay), "OutboundMail");
        }
        waitForRoom(mail, overQuota, routing.failed, published);
        if (!routing.failed.isEmpty()) {
            bounces.send(BouncedMail.of(mail), routing.failed);
            routing.failed.forEach(f -> metrics.delivery("local", "bounced"));
        }
    }

    /** Over quota is temporary (4.2.2) until the message has waited {@code quotaRetryFor}: then 5.2.2. */
    private void waitForRoom(MailAccepted mail, List<Recipient> overQuota, List<FailedRecipient> failed,
                             PendingAcks published) throws IOException {
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
                mail.receivedAt(), mail.client(), mail.clientDigest(), mail.content());
        RetrySchedule.Retry retry = retries.next(mail.receivedAt(), now);
        published.add(events.publishDelayed(retry.topic(), mail.messageId(), later, retry.dueAt(), topics.inbound()),
                "over-quota retry");
        overQuota.forEach(r -> metrics.retryScheduled("local"));
    }

    private void record(MailAccepted mail, LocalOutcome outcome) {
        switch (outcome) {
            case DELIVERED -> {
                metrics.delivery("local", "delivered");
                metrics.latency("local", Duration.between(mail.receivedAt(), clock.instant()));
            }
            case ALREADY_DELIVERED, CLIENT_RETRY -> metrics.delivery("local", "duplicate");
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
