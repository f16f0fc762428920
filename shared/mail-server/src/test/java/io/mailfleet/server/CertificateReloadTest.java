package io.mailfleet.server;

import io.mailfleet.testing.peers.Certificate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A certificate renewed on disk is served to new connections without a restart. */
class CertificateReloadTest {

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
    void newConnectionsGetTheRenewedCertificate() throws Exception {
        Certificate first = Certificate.selfSigned(Files.createDirectory(dir.resolve("first")), "first.example", Duration.ofSeconds(30));
        Certificate renewed = Certificate.selfSigned(Files.createDirectory(dir.resolve("renewed")), "renewed.example",
                Duration.ofSeconds(30));
        Path certificate = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Files.copy(first.certificate(), certificate);
        Files.copy(first.key(), key);
        startWith(certificate, key);
        assertThat(servedName()).contains("first.example");

        Files.copy(renewed.key(), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(renewed.certificate(), certificate, StandardCopyOption.REPLACE_EXISTING);

        String served = servedName();
        for (int attempt = 0; attempt < 100 && served.contains("first.example"); attempt++) {
            Thread.sleep(100);
            served = servedName();
        }
        assertThat(served).contains("renewed.example");
    }

    @Test
    void aKeyWithoutItsCertificateIsNotApplied() throws Exception {
        Certificate first = Certificate.selfSigned(Files.createDirectory(dir.resolve("first")), "first.example", Duration.ofSeconds(30));
        Certificate other = Certificate.selfSigned(Files.createDirectory(dir.resolve("other")), "other.example", Duration.ofSeconds(30));
        Path certificate = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Files.copy(first.certificate(), certificate);
        Files.copy(first.key(), key);
        startWith(certificate, key);

        Files.copy(other.key(), key, StandardCopyOption.REPLACE_EXISTING);
        Thread.sleep(1000);

        assertThat(servedName()).contains("first.example");
    }

    private void startWith(Path certificate, Path key) {
        ServerSettings settings = new ServerSettings("127.0.0.1",
                Optional.of(new ServerSettings.TlsFiles(certificate.toString(), key.toString())), Duration.ofMillis(100), 100, 10,
                1000, Duration.ZERO, List.of());
        server = new MailServer(vertx, settings, new LineCore(Duration.ofSeconds(30)), lanes,
                new ServerMetrics(new SimpleMeterRegistry()));
        server.start(List.of(new ListenerSpec("tls", 0, true)));
    }

    private String servedName() throws Exception {
        SSLContext context = TestClient.trustingAnyone();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port("tls"))) {
            socket.setSoTimeout(60_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }
}
