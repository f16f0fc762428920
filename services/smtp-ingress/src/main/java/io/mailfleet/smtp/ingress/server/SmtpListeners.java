package io.mailfleet.smtp.ingress.server;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.TlsInfo;
import io.mailfleet.server.Connection;
import io.mailfleet.server.Lanes;
import io.mailfleet.server.ListenerSpec;
import io.mailfleet.server.MailServer;
import io.mailfleet.server.Protocol;
import io.mailfleet.server.ServerMetrics;
import io.mailfleet.server.Session;
import io.mailfleet.smtp.ClientFacts;
import io.mailfleet.smtp.SmtpReply;
import io.mailfleet.smtp.SmtpSession;
import io.mailfleet.smtp.SmtpSettings;
import io.mailfleet.smtp.ingress.config.SmtpIngressSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The three SMTP listeners on the shared runtime: MX (mail for our domains), submission (STARTTLS
 * and AUTH required) and submissions (implicit TLS, RFC 8314). The runtime accepts the sockets and
 * runs TLS; the protocol is the session's.
 */
@ApplicationScoped
public class SmtpListeners implements Protocol {

    private static final Logger LOG = Logger.getLogger(SmtpListeners.class);

    private final SmtpIngressSettings settings;
    private final Backends backends;
    private final SmtpMetrics metrics;
    private final MailServer server;
    private final MessageIdGenerator queueIds = new MessageIdGenerator();
    private final Map<Listener, SmtpSettings> sessionSettings = new EnumMap<>(Listener.class);

    public SmtpListeners(Vertx vertx, SmtpIngressSettings settings, Backends backends, SmtpMetrics metrics, Lanes lanes,
                         ServerMetrics serverMetrics) {
        this.settings = settings;
        this.backends = backends;
        this.metrics = metrics;
        this.server = new MailServer(vertx, settings.serverSettings(), this, lanes, serverMetrics);
    }

    void start(@Observes StartupEvent started) {
        List<ListenerSpec> listeners = new ArrayList<>();
        listeners.add(listener(Listener.MX, settings.mxPort(), false));
        listeners.add(listener(Listener.SUBMISSION, settings.submissionPort(), false));
        if (server.tlsAvailable()) {
            listeners.add(listener(Listener.SUBMISSIONS, settings.submissionsPort(), true));
        } else {
            LOG.warn("no TLS certificate configured: STARTTLS is not offered and the submissions listener is off");
        }
        server.start(listeners);
    }

    private ListenerSpec listener(Listener listener, int port, boolean implicitTls) {
        SmtpSettings defaults = SmtpSettings.defaults(settings.hostName(), listener);
        sessionSettings.put(listener, new SmtpSettings(defaults.hostName(), listener, implicitTls,
                server.tlsAvailable() && !implicitTls, settings.allowPlaintextAuth(), defaults.maxCommandLine(),
                defaults.maxTextLine(), settings.maxRecipients(), settings.maxMessageSize(), defaults.maxErrors(),
                defaults.maxBufferedInput(), defaults.maxHeaderBlock(),
                settings.postmaster().map(MailAddress::parse).orElse(defaults.postmaster())));
        return new ListenerSpec(name(listener), port, implicitTls);
    }

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public Session open(Connection connection) {
        Listener listener = Listener.valueOf(connection.listener().toUpperCase(Locale.ROOT));
        Optional<TlsInfo> tls = connection.tls().map(session -> new TlsInfo(session.getProtocol(), session.getCipherSuite()));
        SmtpSession session = new SmtpSession(sessionSettings.get(listener),
                new ClientFacts(connection.clientAddress(), connection.localPort(), tls), Clock.systemUTC(), queueIds);
        return new SmtpConnection(connection, session, backends, metrics);
    }

    @Override
    public byte[] refusal(Refusal reason, String listener) {
        if (reason == Refusal.BUSY) {
            metrics.connectionRefused(listener);
            return SmtpReply.of(421, "4.7.0", settings.hostName() + " Too many connections, try again later").toBytes();
        }
        return SmtpReply.of(421, "4.3.2", settings.hostName() + " Service shutting down, try again later").toBytes();
    }

    /** The port a listener actually bound, for tests that ask for port 0. */
    public int port(Listener listener) {
        return server.port(name(listener));
    }

    /**
     * Stops taking new sessions (they get 421 4.3.2), lets open sessions finish for the grace period
     * (a transaction in flight completes and gets its reply), then answers 421 to the rest (RFC 5321 §3.8).
     */
    void stop(@Observes ShutdownEvent stopping) {
        server.stop();
    }

    static String name(Listener listener) {
        return listener.name().toLowerCase(Locale.ROOT);
    }
}
