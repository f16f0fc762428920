package io.mailfleet.server;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.Vertx;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.spi.tls.SslContextFactory;

import javax.net.ssl.SSLException;
import javax.net.ssl.X509KeyManager;
import java.util.LinkedHashSet;

/**
 * The TLS engine of every listener of one server, with its SSL context built once, when the server
 * starts. Left to itself Vert.x builds a listener's context at its first handshake, on the event loop
 * that runs it, and under load that took seconds during which the loop served nobody. This one is
 * built on the starting thread by Vert.x's own JDK factory from the settings Vert.x would give it
 * (the policy's suites, no ALPN, no client certificates) and handed to Vert.x ready. The key manager
 * inside is the reloadable one, so a renewed certificate still reaches new handshakes.
 */
final class PrebuiltSslContext extends JdkSSLEngineOptions {

    private final SslContext context;

    private PrebuiltSslContext(SslContext context) {
        this.context = context;
    }

    /** Builds the context now, on the calling thread, which must not be an event loop. */
    static PrebuiltSslContext build(Vertx vertx, X509KeyManager keys) throws Exception {
        SslContext context = new JdkSSLEngineOptions().sslContextFactory()
                .forClient(false)
                .useAlpn(false)
                .clientAuth(ClientAuth.NONE)
                .keyMananagerFactory(KeyCertOptions.wrap(keys).getKeyManagerFactory(vertx))
                .enabledCipherSuites(new LinkedHashSet<>(TlsPolicy.CIPHER_SUITES))
                .create();
        return new PrebuiltSslContext(context);
    }

    SslContext context() {
        return context;
    }

    /** Vert.x asks for a factory per listener and per context; each hands out the one context. */
    @Override
    public SslContextFactory sslContextFactory() {
        return new SslContextFactory() {
            @Override
            public SslContext create() throws SSLException {
                return context;
            }
        };
    }

    /** Vert.x copies the options of each server it makes; the copies share the context. */
    @Override
    public PrebuiltSslContext copy() {
        return new PrebuiltSslContext(context);
    }
}
