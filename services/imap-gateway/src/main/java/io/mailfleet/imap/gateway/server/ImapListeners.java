package io.mailfleet.imap.gateway.server;

import io.mailfleet.imap.gateway.config.ImapGatewaySettings;
import io.mailfleet.imap.gateway.idle.AccountWakeups;
import io.mailfleet.imap.gateway.processor.Extensions;
import io.mailfleet.imap.gateway.processor.GatewaySession;
import io.mailfleet.imap.session.ImapSession;
import io.mailfleet.imap.session.ImapSettings;
import io.mailfleet.imap.wire.ReaderLimits;
import io.mailfleet.server.Connection;
import io.mailfleet.server.Lanes;
import io.mailfleet.server.ListenerSpec;
import io.mailfleet.server.MailServer;
import io.mailfleet.server.Protocol;
import io.mailfleet.server.ServerMetrics;
import io.mailfleet.server.Session;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two IMAP listeners on the shared runtime: IMAP with STARTTLS (port 143) and IMAP over implicit
 * TLS (port 993, RFC 8314). The runtime accepts the sockets, applies the connection gate (per client
 * address too) and runs TLS; the protocol is the core's, its store work the processors'.
 */
@ApplicationScoped
public class ImapListeners implements Protocol {

    public static final String PLAIN = "imap";
    public static final String IMPLICIT_TLS = "imaps";

    private static final Logger LOG = Logger.getLogger(ImapListeners.class);

    private final ImapGatewaySettings settings;
    private final Backends backends;
    private final ImapMetrics metrics;
    private final AccountWakeups wakeups;
    private final AccountSessions accounts;
    private final Lanes lanes;
    private final MailServer server;
    private final Map<String, ImapSettings> sessionSettings = new ConcurrentHashMap<>();

    public ImapListeners(Vertx vertx, ImapGatewaySettings settings, Backends backends, ImapMetrics metrics,
                         AccountWakeups wakeups, AccountSessions accounts, Lanes lanes, ServerMetrics serverMetrics) {
        this.settings = settings;
        this.backends = backends;
        this.metrics = metrics;
        this.wakeups = wakeups;
        this.accounts = accounts;
        this.lanes = lanes;
        this.server = new MailServer(vertx, settings.serverSettings(), this, lanes, serverMetrics);
    }

    void start(@Observes StartupEvent started) {
        if (!server.tlsAvailable() && !settings.allowPlaintextAuth()) {
            throw new IllegalStateException("no TLS certificate and no plaintext logins allowed: nobody could log in;"
                    + " set mailfleet.imap.tls-certificate and tls-key");
        }
        List<ListenerSpec> listeners = new ArrayList<>();
        listeners.add(listener(PLAIN, settings.port(), false));
        if (server.tlsAvailable()) {
            listeners.add(listener(IMPLICIT_TLS, settings.tlsPort(), true));
        } else {
            LOG.warn("no TLS certificate configured: STARTTLS is not offered and the IMAPS listener is off");
        }
        server.start(listeners);
    }

    private ListenerSpec listener(String name, int port, boolean implicitTls) {
        ReaderLimits defaults = ReaderLimits.defaults();
        sessionSettings.put(name, new ImapSettings(settings.hostName(), implicitTls, server.tlsAvailable() && !implicitTls,
                settings.allowPlaintextAuth(), settings.maxBadCommands(), settings.maxPipelinedInput(),
                new ReaderLimits(defaults.maxCommandLength(), defaults.maxLiteralSize(), settings.maxMessageSize(),
                        defaults.nonSynchronizingLimit(), defaults.chunkSize()), Extensions.ADVERTISED));
        return new ListenerSpec(name, port, implicitTls);
    }

    @Override
    public String name() {
        return "imap";
    }

    @Override
    public Session open(Connection connection) {
        return new ImapConnection(connection, new ImapSession(sessionSettings.get(connection.listener())),
                new GatewaySession(backends, settings), settings, metrics, wakeups, accounts, lanes);
    }

    @Override
    public byte[] refusal(Refusal reason, String listener) {
        if (reason == Refusal.BUSY) {
            metrics.connectionRefused(listener, "busy");
            return "* BYE [UNAVAILABLE] Too many connections, try again later\r\n".getBytes(StandardCharsets.US_ASCII);
        }
        metrics.connectionRefused(listener, "shutting_down");
        return "* BYE [UNAVAILABLE] Server shutting down, try again later\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** The port a listener actually bound, for tests that ask for port 0. */
    public int port(String listener) {
        return server.port(listener);
    }

    /**
     * Stops taking sessions, lets open ones finish for the grace period, then says {@code * BYE} to the
     * rest, each between two responses.
     */
    void stop(@Observes ShutdownEvent stopping) {
        server.stop();
    }
}
