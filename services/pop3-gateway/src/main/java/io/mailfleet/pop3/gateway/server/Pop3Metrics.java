package io.mailfleet.pop3.gateway.server;

import io.mailfleet.server.MeterCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What an operator of the POP3 gateway watches: sessions, logins, locks, messages sent and deleted. */
@ApplicationScoped
public class Pop3Metrics {

    private final MeterRegistry registry;
    /** Commands and messages sent are counted one by one: their meters are made once. */
    private final MeterCache meters;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

    public Pop3Metrics(MeterRegistry registry) {
        this.registry = registry;
        this.meters = new MeterCache(registry);
    }

    /** @param implicitTls whether the connection began with a TLS handshake, which counts as one */
    public void connectionOpened(String listener, boolean implicitTls) {
        activeGauge(listener).incrementAndGet();
        counter("mailfleet_pop3_connections_total", "Connections accepted", "listener", listener);
        if (implicitTls) {
            tlsHandshake(listener, true);
        }
    }

    public void connectionClosed(String listener) {
        activeGauge(listener).decrementAndGet();
    }

    public void connectionRefused(String listener) {
        counter("mailfleet_pop3_connections_refused_total", "Connections turned away by the connection limits", "listener", listener);
    }

    /** @param outcome {@code success}, {@code failure} (bad credentials) or {@code unavailable} */
    public void login(String outcome) {
        counter("mailfleet_pop3_logins_total", "Login attempts by outcome", "outcome", outcome);
    }

    /** @param outcome {@code opened}, {@code in_use} or {@code unavailable} */
    public void maildrop(String outcome) {
        counter("mailfleet_pop3_maildrops_total", "Maildrop opens by outcome; in_use is a second session refused", "outcome", outcome);
    }

    public void messageSent(String command, long octets, boolean complete) {
        counter("mailfleet_pop3_messages_sent_total", "RETR and TOP responses by whether they were sent in full",
                "command", command, "complete", Boolean.toString(complete));
        meters.counter("mailfleet_pop3_sent_bytes_total", "Message octets sent by RETR and TOP").increment(octets);
    }

    public void deleted(int messages) {
        meters.counter("mailfleet_pop3_deleted_messages_total", "Messages removed by DELE and QUIT").increment(messages);
    }

    public void tlsHandshake(String listener, boolean succeeded) {
        counter("mailfleet_pop3_tls_handshakes_total", "TLS handshakes, implicit and STLS", "listener", listener,
                "outcome", succeeded ? "success" : "failure");
    }

    private AtomicInteger activeGauge(String listener) {
        return active.computeIfAbsent(listener, name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("mailfleet_pop3_connections_active", value, AtomicInteger::get)
                    .description("Open POP3 connections").tag("listener", name).register(registry);
            return value;
        });
    }

    private void counter(String name, String description, String... tags) {
        meters.counter(name, description, tags).increment();
    }
}
