package io.mailfleet.delivery.server;

import io.mailfleet.server.MeterCache;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * What an operator watches: how long mail takes from the 250 to the mailbox or the remote server,
 * how deliveries end, and how much waits in retries. Consumer lag and dead letters are registered
 * by {@link Workers}, which owns the consumers.
 */
@ApplicationScoped
public class DeliveryMetrics {

    /** Every recipient is counted and timed: the meters are made once per route and outcome. */
    private final MeterCache meters;

    public DeliveryMetrics(MeterRegistry registry) {
        this.meters = new MeterCache(registry);
    }

    /**
     * One recipient finished.
     *
     * @param route   {@code local} or {@code remote}
     * @param outcome {@code delivered}, {@code duplicate}, {@code deferred} or {@code bounced}
     */
    public void delivery(String route, String outcome) {
        meters.counter("mailfleet_delivery_recipients_total",
                "Recipients by route and outcome; duplicate = found delivered already, nothing stored",
                "route", route, "outcome", outcome).increment();
    }

    /** From the SMTP 250 to the message in the mailbox, or accepted by the remote server. */
    public void latency(String route, Duration sinceAccepted) {
        meters.timer("mailfleet_delivery_latency_seconds", timer -> timer
                        .description("Time from acceptance by smtp-ingress to the mailbox or the remote server")
                        .publishPercentileHistogram()
                        // The histogram's buckets grow by about a tenth; these make the targets themselves bucket bounds.
                        .serviceLevelObjectives(Duration.ofMillis(30), Duration.ofMillis(100)),
                "route", route).record(sinceAccepted.isNegative() ? Duration.ZERO : sinceAccepted);
    }

    /**
     * Where a batch of accepted mail spends its time, to tell waits from work: {@code queued} is per
     * message, from the acceptance to the start of its batch (the rest of the accept, Kafka, and the
     * consumer's batch before); {@code routed} (recipients expanded, duplicate claims taken), {@code stored}
     * (every INBOX of the batch written) and {@code acknowledged} (Kafka took what the batch published)
     * are per batch, each from the end of the stage before.
     */
    public void stage(String stage, Duration took) {
        meters.timer("mailfleet_delivery_stage_seconds", timer -> timer
                        .description("Stages of accepted mail in the worker: queued per message, the others per batch")
                        .publishPercentileHistogram(),
                "stage", stage).record(took.isNegative() ? Duration.ZERO : took);
    }

    /**
     * A change of the directory (a domain, alias or account changed by admin-api, an INBOX renamed by
     * imap-gateway) was heard and the routing remembered for it forgotten. Counted after the forgetting,
     * so a count that moved means the next delivery reads the directory afresh.
     */
    public void directoryChangeHeard(String kind) {
        meters.counter("mailfleet_delivery_directory_changes_total",
                "Directory changes heard, each making the routing cached for it read again", "kind", kind).increment();
    }

    public void retryScheduled(String route) {
        meters.counter("mailfleet_delivery_retries_total", "Deliveries put in a delay topic after a temporary failure",
                "route", route).increment();
    }

    public void bounceSent() {
        meters.counter("mailfleet_delivery_bounces_total",
                "Delivery status notifications generated for failed recipients").increment();
    }
}
