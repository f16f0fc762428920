package io.mailfleet.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The runtime's metrics, named the same for every protocol so that one dashboard panel serves all
 * of them: {@code mailfleet_server_connections{protocol,listener}} (open now),
 * {@code mailfleet_server_connections_accepted_total}, {@code mailfleet_server_connections_refused_total{reason}},
 * {@code mailfleet_server_tls_handshakes_total{outcome}}, {@code mailfleet_server_bytes_total{direction}},
 * {@code mailfleet_server_logins_total{outcome}}, {@code mailfleet_server_password_checks},
 * {@code mailfleet_server_commands_total{protocol,command,result}} and
 * {@code mailfleet_server_command_seconds{protocol,command}} (from taking a command to its final reply).
 */
public final class ServerMetrics {

    private final MeterRegistry registry;
    /** Bytes are counted on every read and write, commands on every reply: their meters are made once. */
    private final MeterCache meters;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    public ServerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.meters = new MeterCache(registry);
    }

    /** Where the runtime's other metric classes register, next to these. */
    MeterRegistry registry() {
        return registry;
    }

    void opened(String protocol, String listener) {
        openGauge(protocol, listener).incrementAndGet();
        counter("mailfleet.server.connections.accepted", "Connections admitted", "protocol", protocol, "listener", listener)
                .increment();
    }

    void closed(String protocol, String listener) {
        openGauge(protocol, listener).decrementAndGet();
    }

    /** @param reason {@code busy}, {@code shutting_down} or {@code untrusted_proxy} */
    void refused(String protocol, String listener, String reason) {
        counter("mailfleet.server.connections.refused", "Connections turned away before a session", "protocol", protocol,
                "listener", listener, "reason", reason).increment();
    }

    void tlsHandshake(String protocol, String listener, boolean succeeded) {
        counter("mailfleet.server.tls.handshakes", "TLS handshakes, implicit and STARTTLS", "protocol", protocol,
                "listener", listener, "outcome", succeeded ? "success" : "failure").increment();
    }

    void bytes(String protocol, String direction, long count) {
        counter("mailfleet.server.bytes", "Bytes read from and written to clients", "protocol", protocol,
                "direction", direction).increment(count);
    }

    /** @param outcome {@code success}, {@code failure} (bad credentials) or {@code unavailable} */
    public void login(String protocol, String outcome) {
        counter("mailfleet.server.logins", "Login attempts by outcome", "protocol", protocol, "outcome", outcome).increment();
    }

    /** @param result {@code ok}, {@code temporary_failure} or {@code failed} */
    void command(String protocol, String command, String result, long nanos) {
        counter("mailfleet.server.commands", "Commands by their final reply", "protocol", protocol, "command", command,
                "result", result).increment();
        meters.timer("mailfleet.server.command", timer -> timer.description("From taking a command to its final reply"),
                "protocol", protocol, "command", command).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Publishes how many password checks run now, as {@code mailfleet_server_password_checks{protocol}}. */
    public void passwordChecks(String protocol, IntSupplier running) {
        Gauge.builder("mailfleet.server.password.checks", running, supplier -> supplier.getAsInt())
                .description("Password hashes being checked now; never more than the login limit")
                .tags("protocol", protocol).strongReference(true).register(registry);
    }

    private AtomicInteger openGauge(String protocol, String listener) {
        return open.computeIfAbsent(protocol + '/' + listener, key -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("mailfleet.server.connections", value, AtomicInteger::get).description("Connections open now")
                    .tags("protocol", protocol, "listener", listener).register(registry);
            return value;
        });
    }

    private Counter counter(String name, String description, String... tags) {
        return meters.counter(name, description, tags);
    }
}
