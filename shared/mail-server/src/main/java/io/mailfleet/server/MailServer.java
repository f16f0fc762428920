package io.mailfleet.server;

import io.netty.handler.ssl.SslContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.jboss.logging.Logger;

import javax.net.ssl.X509KeyManager;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The listeners of one protocol service: binds them, admits connections through the gate, gives each
 * admitted connection a session of the protocol, and drains them at shutdown. The same settings make
 * plain, STARTTLS and implicit-TLS listeners, with or without the PROXY protocol.
 */
public final class MailServer {

    private static final Logger LOG = Logger.getLogger(MailServer.class);

    private final Vertx vertx;
    private final ServerSettings settings;
    private final Protocol protocol;
    private final Lanes lanes;
    private final ServerMetrics metrics;
    private final ConnectionGate gate;
    private final TrustedProxies proxies;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<NetServer> servers = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> boundPorts = new ConcurrentHashMap<>();
    private final ReloadableKeyManager keys;
    private PrebuiltSslContext sslContext;
    private CertificateWatcher certificates;
    private volatile boolean stopping;

    public MailServer(Vertx vertx, ServerSettings settings, Protocol protocol, Lanes lanes, ServerMetrics metrics) {
        this.vertx = vertx;
        this.settings = settings;
        this.protocol = protocol;
        this.lanes = lanes;
        this.metrics = metrics;
        this.gate = new ConnectionGate(settings.maxConnections(), settings.maxPerAddress(), settings.maxRatePerAddress(),
                Clock.systemUTC());
        this.proxies = new TrustedProxies(settings.trustedProxies());
        this.keys = settings.tls().map(files -> new ReloadableKeyManager(initialPair(vertx, files))).orElse(null);
    }

    private static X509KeyManager initialPair(Vertx vertx, ServerSettings.TlsFiles files) {
        try {
            return CertificateWatcher.load(vertx, files);
        } catch (Exception e) {
            throw new IllegalStateException("TLS certificate " + files.certificate() + " and key " + files.key()
                    + " are not a usable pair", e);
        }
    }

    /** Whether a certificate is configured: STARTTLS is offered and implicit-TLS listeners can start. */
    public boolean tlsAvailable() {
        return settings.tls().isPresent();
    }

    /**
     * Builds the SSL context and binds the listeners, waiting until they accept; an implicit-TLS
     * listener needs {@link #tlsAvailable}. Blocking: never call it on an event loop.
     */
    public void start(List<ListenerSpec> listeners) {
        if (keys != null) {
            try {
                sslContext = PrebuiltSslContext.build(vertx, keys);
            } catch (Exception e) {
                throw new IllegalStateException("no TLS context for the certificate " + settings.tls().orElseThrow().certificate(), e);
            }
        }
        for (ListenerSpec listener : listeners) {
            if (listener.implicitTls() && !tlsAvailable()) {
                throw new IllegalStateException("listener " + listener.name() + " needs a TLS certificate");
            }
            listen(listener);
        }
        settings.tls().ifPresent(files -> {
            CertificateExpiry expiry = new CertificateExpiry(metrics.registry(), protocol.name(), files, Clock.systemUTC());
            certificates = new CertificateWatcher(vertx, files, keys, settings.tlsReloadInterval().toMillis(), expiry::applied);
        });
    }

    /**
     * Every listener is bound without TLS: an implicit-TLS connection is upgraded only once the gate
     * admitted it ({@link Connection#startWithTls}), so a flood of handshakes or a handshake trickled a
     * byte at a time counts against the limits before it costs one.
     */
    private void listen(ListenerSpec listener) {
        NetServerOptions options = TlsPolicy.apply(new NetServerOptions()).setHost(settings.bindAddress()).setPort(listener.port())
                .setUseProxyProtocol(!proxies.isEmpty());
        if (keys != null) {
            options.setKeyCertOptions(KeyCertOptions.wrap(keys)).setSslEngineOptions(sslContext)
                    .setSslHandshakeTimeout(settings.tlsHandshakeTimeout().toMillis())
                    .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        NetServer server = vertx.createNetServer(options).connectHandler(socket -> accept(listener, socket));
        int bound = server.listen().toCompletionStage().toCompletableFuture().join().actualPort();
        servers.add(server);
        boundPorts.put(listener.name(), bound);
        LOG.infof("%s %s listening on %s:%d%s%s", protocol.name().toUpperCase(Locale.ROOT), listener.name(),
                settings.bindAddress(), bound, listener.implicitTls() ? " (TLS)" : "", proxies.isEmpty() ? "" : " (PROXY protocol)");
    }

    private void accept(ListenerSpec listener, NetSocket socket) {
        String name = listener.name();
        if (!proxies.isEmpty() && !proxies.trusts(socket.remoteAddress(true).hostAddress())) {
            // Only a trusted load balancer may say who the client is; anyone else could claim any address.
            metrics.refused(protocol.name(), name, "untrusted_proxy");
            socket.close();
            return;
        }
        String client = socket.remoteAddress().hostAddress();
        if (stopping) {
            refuse(socket, Protocol.Refusal.SHUTTING_DOWN, listener);
            return;
        }
        if (!gate.admit(client)) {
            refuse(socket, Protocol.Refusal.BUSY, listener);
            return;
        }
        metrics.opened(protocol.name(), name);
        Connection connection = new Connection(socket, vertx.getOrCreateContext(), lanes, metrics, protocol.name(), name, client);
        connections.add(connection);
        Runnable onClosed = () -> {
            connections.remove(connection);
            gate.release(client);
            metrics.closed(protocol.name(), name);
        };
        if (listener.implicitTls()) {
            connection.startWithTls(() -> protocol.open(connection), onClosed);
        } else {
            connection.start(protocol.open(connection), onClosed);
        }
    }

    /**
     * Turns a connection away with the protocol's words; on an implicit-TLS listener they could only be
     * said after a handshake, the cost a refusal is there to spare, so the socket is just closed.
     */
    private void refuse(NetSocket socket, Protocol.Refusal reason, ListenerSpec listener) {
        metrics.refused(protocol.name(), listener.name(), reason.name().toLowerCase(Locale.ROOT));
        // Asked even when it cannot be sent: each protocol counts its refusals as it words them.
        byte[] words = protocol.refusal(reason, listener.name());
        if (listener.implicitTls()) {
            socket.close();
        } else {
            socket.write(Buffer.buffer(words));
            socket.end();
        }
    }

    /** The port a listener actually bound, for tests that ask for port 0. */
    public int port(String listener) {
        return boundPorts.get(listener);
    }

    /** The SSL context every handshake of this server uses, built at {@link #start}; null without TLS. */
    SslContext sslContext() {
        return sslContext == null ? null : sslContext.context();
    }

    /** Connections open now. */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Stops taking sessions (new ones get the protocol's refusal), lets open ones go on for the grace
     * period, then asks the rest to leave and closes the listeners. Closing a Vert.x server closes its
     * connections, so that comes last. Blocking.
     */
    public void stop() {
        stopping = true;
        waitForConnectionsToClose(settings.shutdownGrace());
        connections.forEach(Connection::drain);
        if (certificates != null) {
            certificates.stop();
        }
        // The goodbyes are queued on the loops; give them a moment to leave before the sockets close.
        waitForConnectionsToClose(Duration.ofSeconds(2));
        servers.forEach(server -> server.close().toCompletionStage().toCompletableFuture().join());
    }

    private void waitForConnectionsToClose(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
