package io.mailfleet.delivery.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * What an operator watches: how long mail takes from the 250 to the mailbox or the remote server,
 * how deliveries end, and how much waits in retries. Consumer lag and dead letters are registered
 * by {@link Workers}, which owns the consumers.
 */
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * One recipient finished.
     *
     * @param route   {@code local} or {@code remote}
     * @param outcome {@code delivered}, {@code duplicate}, {@code deferred} or {@code bounced}
     */
    public void delivery(String route, String outcome) {
        Counter.builder("mailfleet_delivery_recipients_total")
                .description("Recipients by route and outcome; duplicate = found delivered already, nothing stored")
                .tag("route", route).tag("outcome", outcome)
                .register(registry).increment();
    }

    /** From the SMTP 250 to the message in the mailbox, or accepted by the remote server. */
    public void latency(String route, Duration sinceAccepted) {
        Timer.builder("mailfleet_delivery_latency_seconds")
                .description("Time from acceptance by smtp-ingress to the mailbox or the remote server")
                .tag("route", route)
                .publishPercentileHistogram()
                // The histogram's buckets grow by about a tenth; these make the targets themselves bucket bounds.
                .serviceLevelObjectives(Duration.ofMillis(30), Duration.ofMillis(100))
                .register(registry).record(sinceAccepted.isNegative() ? Duration.ZERO : sinceAccepted);
    }

    public void retryScheduled(String route) {
        Counter.builder("mailfleet_delivery_retries_total")
                .description("Deliveries put in a delay topic after a temporary failure")
                .tag("route", route)
                .register(registry).increment();
    }

    public void bounceSent() {
        Counter.builder("mailfleet_delivery_bounces_total")
                .description("Delivery status notifications generated for failed recipients")
                .register(registry).increment();
    }
}
