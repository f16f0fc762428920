package io.mailfleet.imap.gateway.server;

import io.mailfleet.server.MeterCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an operator of the IMAP gateway watches: connections by listener, logins, the commands the
 * store carries out by name and result with their latency, selected mailboxes, IDLE sessions, TLS, and
 * how long IDLE sessions take to resync once woken, and the mailbox hints dropped while Kafka did not take them.
 * Octets in and out are the runtime's {@code mailfleet_server_bytes_total{protocol="imap"}}.
 */
@ApplicationScoped
public class ImapMetrics {

    private final MeterRegistry registry;
    /** Commands are counted and timed one by one: their meters are made once. */
    private final MeterCache meters;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    private final AtomicInteger selected = new AtomicInteger();
    private final AtomicInteger idling = new AtomicInteger();
    private final Counter hintsDropped;
    private final Timer idleResync;

    public ImapMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.meters = new MeterCache(registry);
        Gauge.builder("mailfleet_imap_selected_mailboxes", selected, AtomicInteger::get)
                .description("Sessions with a mailbox selected").register(registry);
        Gauge.builder("mailfleet_imap_idle_sessions", idling, AtomicInteger::get)
                .description("Sessions in IDLE").register(registry);
        idleResync = Timer.builder("mailfleet_imap_idle_resync_seconds")
                .description("From an IDLE session's wake-up read of the store to its updates written to the client")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        hintsDropped = Counter.builder("mailfleet_imap_mailbox_hints_dropped_total")
                .description("Mailbox hints not published because too many waited for Kafka: IDLE sessions of other"
                        + " instances see those changes only at their next resync")
                .register(registry);
    }

    /** @param implicitTls whether the connection began with a TLS handshake, which counts as one */
    public void connectionOpened(String listener, boolean implicitTls) {
        activeGauge(listener).incrementAndGet();
        counter("mailfleet_imap_connections_total", "Connections accepted", "listener", listener);
        if (implicitTls) {
            tlsHandshake(listener, true);
        }
    }

    public void connectionClosed(String listener) {
        activeGauge(listener).decrementAndGet();
    }

    public void connectionRefused(String listener, String reason) {
        counter("mailfleet_imap_connections_refused_total", "Connections turned away by a limit", "listener", listener,
                "reason", reason);
    }

    /** @param outcome {@code success}, {@code failure} (bad credentials), {@code unavailable} or {@code limit} */
    public void login(String outcome) {
        counter("mailfleet_imap_logins_total", "Login attempts by outcome", "outcome", outcome);
    }

    /** @param result {@code ok}, {@code no}, {@code bad} or {@code unavailable} */
    public void command(String command, String result, Duration took) {
        counter("mailfleet_imap_commands_total", "Commands carried out against the store, by name and result",
                "command", command, "result", result);
        meters.timer("mailfleet_imap_command_duration_seconds", timer -> timer.description("Store work per command")
                .publishPercentileHistogram(), "command", command).record(took);
    }

    public void selected(int delta) {
        selected.addAndGet(delta);
    }

    public void idling(int delta) {
        idling.addAndGet(delta);
    }

    public void tlsHandshake(String listener, boolean succeeded) {
        counter("mailfleet_imap_tls_handshakes_total", "TLS handshakes, implicit and STARTTLS", "listener", listener,
                "outcome", succeeded ? "success" : "failure");
    }

    /** @param reason {@code autologout}, {@code command_timeout} or {@code shutdown} */
    public void ended(String reason) {
        counter("mailfleet_imap_sessions_ended_total", "Sessions the server ended with BYE, by reason", "reason", reason);
    }

    /** A body section whose read from the store failed midway: the connection was closed. */
    public void bodyAborted() {
        counter("mailfleet_imap_body_streams_aborted_total", "FETCH body reads that failed midway and closed the connection");
    }

    /**
     * An IDLE session's resync after a wake-up: from the start of its read of the store, waiting for
     * its lane included, to its untagged responses handed to the connection. The last stage of a push;
     * {@code mailfleet_imap_push_delay_seconds} is the one before it.
     */
    public void idleResync(Duration took) {
        idleResync.record(took);
    }

    /** A write's hint for {@code mailbox.events} was dropped, the sender's queue being full. */
    public void hintDropped() {
        hintsDropped.increment();
    }

    private AtomicInteger activeGauge(String listener) {
        return active.computeIfAbsent(listener, name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("mailfleet_imap_connections_active", value, AtomicInteger::get)
                    .description("Open IMAP connections").tag("listener", name).register(registry);
            return value;
        });
    }

    private void counter(String name, String description, String... tags) {
        meters.counter(name, description, tags).increment();
    }
}
