package io.mailfleet.server;

import io.mailfleet.testing.peers.Certificate;
import io.mailfleet.testing.tls.TlsProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TlsPolicy} as a real client, {@code openssl s_client}, meets it on an implicit-TLS listener.
 * With an RSA certificate the key could sign for every RSA suite, so each refusal of static RSA key
 * exchange, ECDHE-RSA with CBC or finite-field DHE is the policy's and not the key's; with the P-256
 * certificate the services use in their tests, the protocol versions and the ECDSA rows.
 */
class TlsPolicyTest {

    private final Vertx vertx = Vertx.vertx();
    private final Lanes lanes = new Lanes(1, 1, 1);
    private MailServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.stop();
        lanes.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void withAnRsaCertificateOnlyEcdheWithAeadAndTls13AreAccepted() throws Exception {
        int port = start(Certificate.selfSignedRsa(dir, "localhost", Duration.ofSeconds(60)));

        assertThat(TlsProbe.mismatches(TlsProbe.RSA_POLICY, Map.of(port, Optional.empty()))).isEmpty();
    }

    @Test
    void withAnEcdsaCertificateOnlyEcdheWithAeadAndTls13AreAccepted() throws Exception {
        int port = start(Certificate.selfSigned(dir, "localhost", Duration.ofSeconds(60)));

        assertThat(TlsProbe.mismatches(TlsProbe.POLICY, Map.of(port, Optional.empty()))).isEmpty();
    }

    private int start(Certificate certificate) {
        ServerSettings settings = new ServerSettings("127.0.0.1",
                Optional.of(new ServerSettings.TlsFiles(certificate.certificate().toString(), certificate.key().toString())),
                Duration.ofMinutes(1), Duration.ofSeconds(10), 100, 100, 1000, Duration.ZERO, List.of());
        server = new MailServer(vertx, settings, new LineCore(Duration.ofSeconds(30)), lanes,
                new ServerMetrics(new SimpleMeterRegistry()));
        server.start(List.of(new ListenerSpec("tls", 0, true)));
        return server.port("tls");
    }
}
