package io.mailfleet.smtp.ingress.server;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.TlsInfo;
import io.mailfleet.smtp.ClientFacts;
import io.mailfleet.smtp.SmtpReply;
import io.mailfleet.smtp.SmtpSession;
import io.mailfleet.smtp.SmtpSettings;
import io.mailfleet.quarkus.net.ConnectionGate;
import io.mailfleet.smtp.ingress.config.SmtpIngressSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The three SMTP listeners: MX (mail for our domains), submission (STARTTLS and AUTH required) and
 * submissions (implicit TLS, RFC 8314). Vert.x accepts the sockets and runs TLS; the protocol is
 * the session's.
 */
@ApplicationScoped
public class SmtpListeners {

    private static final Logger LOG = Logger.getLogger(SmtpListeners.class);

    private final Vertx vertx;
    private final SmtpIngressSettings settings;
    private final Backends backends;
    private final SmtpMetrics metrics;
    private final ConnectionGate gate;
    private final MessageIdGenerator queueIds = new MessageIdGenerator();
    private final Set<SmtpConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<NetServer> servers = new ArrayList<>();
    private final java.util.Map<Listener, Integer> boundPorts = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public SmtpListeners(Vertx vertx, SmtpIngressSettings settings, Backends backends, SmtpMetrics metrics) {
        this.vertx = vertx;
        this.settings = settings;
        this.backends = backends;
        this.metrics = metrics;
        this.gate = new ConnectionGate(settings.maxConnections(), settings.maxConnectionsPerIp(),
                settings.maxConnectionRatePerIp(), Clock.systemUTC());
    }

    void start(@Observes StartupEvent started) {
        Optional<PemKeyCertOptions> tls = settings.tlsCertificate().flatMap(cert -> settings.tlsKey()
                .map(key -> new PemKeyCertOptions().setCertPath(cert).setKeyPath(key)));
        listen(Listener.MX, settings.mxPort(), tls, false);
        listen(Listener.SUBMISSION, settings.submissionPort(), tls, false);
        if (tls.isPresent()) {
            listen(Listener.SUBMISSIONS, settings.submissionsPort(), tls, true);
        } else {
            LOG.warn("no TLS certificate configured: STARTTLS is not offered and the submissions listener is off");
        }
    }

    private void listen(Listener listener, int port, Optional<PemKeyCertOptions> tls, boolean implicitTls) {
        NetServerOptions options = new NetServerOptions().setHost(settings.bindAddress()).setPort(port).setSsl(implicitTls);
        tls.ifPresent(options::setKeyCertOptions);
        SmtpSettings defaults = SmtpSettings.defaults(settings.hostName(), listener);
        SmtpSettings sessionSettings = new SmtpSettings(defaults.hostName(), listener, implicitTls,
                tls.isPresent() && !implicitTls, settings.allowPlaintextAuth(), defaults.maxCommandLine(),
                defaults.maxTextLine(), settings.maxRecipients(), settings.maxMessageSize(), defaults.maxErrors(),
                defaults.maxBufferedInput(), defaults.maxHeaderBlock());
        NetServer server = vertx.createNetServer(options).connectHandler(socket -> accept(listener, sessionSettings, socket));
        int bound = server.listen().toCompletionStage().toCompletableFuture().join().actualPort();
        servers.add(server);
        boundPorts.put(listener, bound);
        LOG.infof("SMTP %s listening on %s:%d%s", name(listener), settings.bindAddress(), bound, implicitTls ? " (TLS)" : "");
    }

    private void accept(Listener listener, SmtpSettings sessionSettings, NetSocket socket) {
        String address = socket.remoteAddress().hostAddress();
        String name = name(listener);
        if (stopping) {
            socket.write(Buffer.buffer(SmtpReply.of(421, "4.3.2", settings.hostName() + " Service shutting down, try again later").toBytes()));
            socket.end();
            return;
        }
        if (!gate.admit(address)) {
            metrics.connectionRefused(name);
            socket.write(Buffer.buffer(SmtpReply.of(421, "4.7.0", settings.hostName() + " Too many connections, try again later").toBytes()));
            socket.end();
            return;
        }
        metrics.connectionOpened(name);
        if (socket.isSsl()) {
            metrics.tlsHandshake(name, true);
        }
        Optional<TlsInfo> tls = Optional.ofNullable(socket.sslSession())
                .map(session -> new TlsInfo(session.getProtocol(), session.getCipherSuite()));
        SmtpSession session = new SmtpSession(sessionSettings, new ClientFacts(address, socket.localAddress().port(), tls),
                Clock.systemUTC(), queueIds);
        SmtpConnection[] connection = new SmtpConnection[1];
        connection[0] = new SmtpConnection(socket, vertx.getOrCreateContext(), session, backends, metrics, name, () -> {
            connections.remove(connection[0]);
            gate.release(address);
            metrics.connectionClosed(name);
        });
        connections.add(connection[0]);
        connection[0].start();
    }

    /** The port a listener actually bound, for tests that ask for port 0. */
    public int port(Listener listener) {
        return boundPorts.get(listener);
    }

    /**
     * Stops taking new sessions (they get 421 4.3.2), lets open sessions finish for the grace period
     * (a transaction in flight completes and gets its reply), then answers 421 to the rest and closes
     * the listeners (RFC 5321 §3.8). Closing a Vert.x 4 server closes its connections, so that comes last.
     */
    void stop(@Observes ShutdownEvent stopping) {
        this.stopping = true;
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        connections.forEach(SmtpConnection::shutDown);
        servers.forEach(server -> server.close().toCompletionStage().toCompletableFuture().join());
    }

    static String name(Listener listener) {
        return listener.name().toLowerCase(Locale.ROOT);
    }
}
