package io.mailfleet.smtp.ingress.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mailfleet.server.MeterCache;
import io.mailfleet.smtp.ingress.accept.AcceptStage;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What an operator watches on the SMTP listeners, all tagged by listener (mx, submission, submissions). */
@ApplicationScoped
public class SmtpMetrics {

    private final MeterRegistry registry;
    /** Replies, bytes and accepts are counted per message and per reply: their meters are made once. */
    private final MeterCache meters;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

    public SmtpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.meters = new MeterCache(registry);
    }

    /** @param implicitTls whether the connection began with a TLS handshake, which counts as one */
    void connectionOpened(String listener, boolean implicitTls) {
        active.computeIfAbsent(listener, name -> registry.gauge("mailfleet.smtp.connections.active",
                io.micrometer.core.instrument.Tags.of("listener", name), new AtomicInteger())).incrementAndGet();
        counter("mailfleet.smtp.connections", "Connections accepted", "listener", listener).increment();
        if (implicitTls) {
            tlsHandshake(listener, true);
        }
    }

    void connectionClosed(String listener) {
        active.get(listener).decrementAndGet();
    }

    void connectionRefused(String listener) {
        counter("mailfleet.smtp.connections.refused", "Connections refused by the connection limits", "listener", listener)
                .increment();
    }

    void reply(String listener, int code) {
        counter("mailfleet.smtp.replies", "Replies sent, by reply code", "listener", listener, "code", Integer.toString(code))
                .increment();
    }

    void received(String listener, long bytes) {
        counter("mailfleet.smtp.received.bytes", "Message bytes received", "listener", listener).increment(bytes);
    }

    void rejected(String listener, String reason) {
        counter("mailfleet.smtp.messages", "Messages by outcome", "listener", listener, "outcome", reason.toLowerCase())
                .increment();
    }

    /** From the end of data to the moment the message is durable, or known not to be. */
    void acceptLatency(String listener, long nanos, boolean accepted) {
        String outcome = accepted ? "accepted" : "temporary_failure";
        counter("mailfleet.smtp.messages", "Messages by outcome", "listener", listener, "outcome", outcome).increment();
        meters.timer("mailfleet.smtp.accept.latency", timer -> timer
                        .description("Time from the end of data to the reply, while the body is stored and the event published")
                        .publishPercentileHistogram(),
                "listener", listener, "outcome", outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One stage of an accept that succeeded (AcceptStage): where the time from the end of data to the 250 went. */
    void acceptStage(AcceptStage stage, long nanos) {
        meters.timer("mailfleet.smtp.accept.stage", timer -> timer
                        .description("Time an accept spent in one stage: body_store (to the blob store), event_publish (to"
                                + " Kafka's acknowledgement), content_write (parse and Cassandra write with the pin, within body_store)")
                        .publishPercentileHistogram(),
                "stage", stage.name().toLowerCase(Locale.ROOT)).record(nanos, TimeUnit.NANOSECONDS);
    }

    void tlsHandshake(String listener, boolean succeeded) {
        counter("mailfleet.smtp.tls.handshakes", "TLS handshakes", "listener", listener, "outcome",
                succeeded ? "success" : "failure").increment();
    }

    void authentication(String listener, boolean succeeded) {
        counter("mailfleet.smtp.auth", "AUTH attempts", "listener", listener, "outcome", succeeded ? "success" : "failure")
                .increment();
    }

    private Counter counter(String name, String description, String... tags) {
        return meters.counter(name, description, tags);
    }
}
