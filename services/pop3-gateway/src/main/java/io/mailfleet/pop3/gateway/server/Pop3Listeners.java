package io.mailfleet.pop3.gateway.server;

import io.mailfleet.pop3.Pop3Session;
import io.mailfleet.pop3.Pop3Settings;
import io.mailfleet.pop3.gateway.config.Pop3GatewaySettings;
import io.mailfleet.pop3.gateway.maildrop.InboxMaildrops;
import io.mailfleet.quarkus.net.ConnectionGate;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The two POP3 listeners: plain POP3 with STLS (port 110) and POP3 over implicit TLS (port 995,
 * RFC 8314). Vert.x accepts the sockets and runs TLS; the protocol is the session's.
 */
@ApplicationScoped
public class Pop3Listeners {

    public static final String PLAIN = "pop3";
    public static final String IMPLICIT_TLS = "pop3s";

    private static final Logger LOG = Logger.getLogger(Pop3Listeners.class);

    private final Vertx vertx;
    private final Pop3GatewaySettings settings;
    private final Backends backends;
    private final Pop3Metrics metrics;
    private final ConnectionGate gate;
    private final InboxMaildrops maildrops;
    private final Semaphore logins;
    private final Set<Pop3Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<NetServer> servers = new ArrayList<>();
    private final Map<String, Integer> boundPorts = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public Pop3Listeners(Vertx vertx, Pop3GatewaySettings settings, Backends backends, Pop3Metrics metrics) {
        this.vertx = vertx;
        this.settings = settings;
        this.backends = backends;
        this.metrics = metrics;
        this.gate = new ConnectionGate(settings.maxConnections(), settings.maxConnectionsPerIp(),
                settings.maxConnectionRatePerIp(), Clock.systemUTC());
        this.maildrops = new InboxMaildrops(backends, settings.lockTtl());
        this.logins = new Semaphore(settings.maxConcurrentLogins());
    }

    void start(@Observes StartupEvent started) {
        Optional<PemKeyCertOptions> tls = settings.tlsCertificate().flatMap(cert -> settings.tlsKey()
                .map(key -> new PemKeyCertOptions().setCertPath(cert).setKeyPath(key)));
        if (tls.isEmpty() && !settings.allowPlaintextAuth()) {
            throw new IllegalStateException("no TLS certificate and no plaintext logins allowed: nobody could log in;"
                    + " set mailfleet.pop3.tls-certificate and tls-key");
        }
        listen(PLAIN, settings.port(), tls, false);
        if (tls.isPresent()) {
            listen(IMPLICIT_TLS, settings.tlsPort(), tls, true);
        } else {
            LOG.warn("no TLS certificate configured: STLS is not offered and the POP3S listener is off");
        }
    }

    private void listen(String listener, int port, Optional<PemKeyCertOptions> tls, boolean implicitTls) {
        NetServerOptions options = new NetServerOptions().setHost(settings.bindAddress()).setPort(port).setSsl(implicitTls);
        tls.ifPresent(options::setKeyCertOptions);
        Pop3Settings defaults = Pop3Settings.defaults(settings.hostName());
        Pop3Settings session = new Pop3Settings(settings.hostName(), implicitTls,
                tls.isPresent() && !implicitTls, settings.allowPlaintextAuth(), defaults.maxCommandLine(),
                defaults.maxBadCommands(), defaults.maxFailedLogins(), defaults.failedLoginDelay(), defaults.maxBufferedInput(),
                settings.idleTimeout(), settings.idleTimeout());
        NetServer server = vertx.createNetServer(options).connectHandler(socket -> accept(listener, session, socket));
        int bound = server.listen().toCompletionStage().toCompletableFuture().join().actualPort();
        servers.add(server);
        boundPorts.put(listener, bound);
        LOG.infof("POP3 %s listening on %s:%d%s", listener, settings.bindAddress(), bound, implicitTls ? " (TLS)" : "");
    }

    private void accept(String listener, Pop3Settings sessionSettings, NetSocket socket) {
        String address = socket.remoteAddress().hostAddress();
        if (stopping) {
            socket.write(Buffer.buffer("-ERR [SYS/TEMP] server shutting down, try again later\r\n"));
            socket.end();
            return;
        }
        if (!gate.admit(address)) {
            metrics.connectionRefused(listener);
            socket.write(Buffer.buffer("-ERR [SYS/TEMP] too many connections, try again later\r\n"));
            socket.end();
            return;
        }
        metrics.connectionOpened(listener);
        if (socket.isSsl()) {
            metrics.tlsHandshake(listener, true);
        }
        Pop3Connection[] connection = new Pop3Connection[1];
        connection[0] = new Pop3Connection(socket, vertx.getOrCreateContext(), new Pop3Session(sessionSettings), backends,
                maildrops, logins, metrics, settings.lockTtl(), () -> {
                    connections.remove(connection[0]);
                    gate.release(address);
                    metrics.connectionClosed(listener);
                });
        connections.add(connection[0]);
        connection[0].start();
    }

    /** The port a listener actually bound, for tests that ask for port 0. */
    public int port(String listener) {
        return boundPorts.get(listener);
    }

    /**
     * Stops taking sessions, lets open ones finish for the grace period, then closes the rest; a
     * session closed without QUIT deletes nothing (RFC 1939 §6), so no mail is lost either way.
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
        connections.forEach(Pop3Connection::shutDown);
        servers.forEach(server -> server.close().toCompletionStage().toCompletableFuture().join());
    }
}
