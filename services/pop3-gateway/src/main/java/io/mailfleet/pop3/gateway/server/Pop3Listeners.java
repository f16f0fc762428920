package io.mailfleet.pop3.gateway.server;

import io.mailfleet.pop3.Pop3Session;
import io.mailfleet.pop3.Pop3Settings;
import io.mailfleet.pop3.gateway.config.Pop3GatewaySettings;
import io.mailfleet.pop3.gateway.maildrop.BodyCache;
import io.mailfleet.pop3.gateway.maildrop.InboxMaildrops;
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
 * The two POP3 listeners on the shared runtime: plain POP3 with STLS (port 110) and POP3 over
 * implicit TLS (port 995, RFC 8314). The runtime accepts the sockets and runs TLS; the protocol is
 * the session's.
 */
@ApplicationScoped
public class Pop3Listeners implements Protocol {

    public static final String PLAIN = "pop3";
    public static final String IMPLICIT_TLS = "pop3s";

    private static final Logger LOG = Logger.getLogger(Pop3Listeners.class);

    private final Pop3GatewaySettings settings;
    private final Backends backends;
    private final Pop3Metrics metrics;
    private final InboxMaildrops maildrops;
    private final MailServer server;
    private final Map<String, Pop3Settings> sessionSettings = new ConcurrentHashMap<>();

    public Pop3Listeners(Vertx vertx, Pop3GatewaySettings settings, Backends backends, Pop3Metrics metrics, Lanes lanes,
                         ServerMetrics serverMetrics) {
        this.settings = settings;
        this.backends = backends;
        this.metrics = metrics;
        this.maildrops = new InboxMaildrops(backends, settings.lockTtl(), new BodyCache(settings.bodyCacheSize().asLongValue()));
        this.server = new MailServer(vertx, settings.serverSettings(), this, lanes, serverMetrics);
    }

    void start(@Observes StartupEvent started) {
        if (!server.tlsAvailable() && !settings.allowPlaintextAuth()) {
            throw new IllegalStateException("no TLS certificate and no plaintext logins allowed: nobody could log in;"
                    + " set mailfleet.pop3.tls-certificate and tls-key");
        }
        List<ListenerSpec> listeners = new ArrayList<>();
        listeners.add(listener(PLAIN, settings.port(), false));
        if (server.tlsAvailable()) {
            listeners.add(listener(IMPLICIT_TLS, settings.tlsPort(), true));
        } else {
            LOG.warn("no TLS certificate configured: STLS is not offered and the POP3S listener is off");
        }
        server.start(listeners);
    }

    private ListenerSpec listener(String name, int port, boolean implicitTls) {
        Pop3Settings defaults = Pop3Settings.defaults(settings.hostName());
        sessionSettings.put(name, new Pop3Settings(settings.hostName(), implicitTls, server.tlsAvailable() && !implicitTls,
                settings.allowPlaintextAuth(), defaults.maxCommandLine(), defaults.maxBadCommands(), defaults.maxFailedLogins(),
                settings.failedLoginDelay(), defaults.maxBufferedInput(), settings.idleTimeout(), settings.idleTimeout()));
        return new ListenerSpec(name, port, implicitTls);
    }

    @Override
    public String name() {
        return "pop3";
    }

    @Override
    public Session open(Connection connection) {
        return new Pop3Connection(connection, new Pop3Session(sessionSettings.get(connection.listener())), backends, maildrops,
                metrics, settings.lockTtl());
    }

    @Override
    public byte[] refusal(Refusal reason, String listener) {
        if (reason == Refusal.BUSY) {
            metrics.connectionRefused(listener);
            return "-ERR [SYS/TEMP] too many connections, try again later\r\n".getBytes(StandardCharsets.US_ASCII);
        }
        return "-ERR [SYS/TEMP] server shutting down, try again later\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** The port a listener actually bound, for tests that ask for port 0. */
    public int port(String listener) {
        return server.port(listener);
    }

    /**
     * Stops taking sessions, lets open ones finish for the grace period, then closes the rest; a
     * session closed without QUIT deletes nothing (RFC 1939 §6), so no mail is lost either way.
     */
    void stop(@Observes ShutdownEvent stopping) {
        server.stop();
    }
}
