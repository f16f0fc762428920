package io.mailfleet.server;

import io.mailfleet.testing.peers.Certificate;
import io.mailfleet.testing.tls.TrustingAnyone;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A certificate renewed on disk is served to new connections without a restart, and the expiry
 * metric follows the certificate applied.
 */
class CertificateReloadTest {

    private final Vertx vertx = Vertx.vertx();
    private final Lanes lanes = new Lanes(1, 1, 1);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
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
    void theExpiryMetricFollowsTheAppliedCertificate() throws Exception {
        Certificate first = expiringInDays(Files.createDirectory(dir.resolve("first")), "first.example", 3);
        Certificate renewed = Certificate.selfSigned(Files.createDirectory(dir.resolve("renewed")), "renewed.example",
                Duration.ofSeconds(30));
        Path certificate = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Files.copy(first.certificate(), certificate);
        Files.copy(first.key(), key);
        startWith(certificate, key);
        assertExpiryIsThatOf(first);

        Files.copy(renewed.key(), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(renewed.certificate(), certificate, StandardCopyOption.REPLACE_EXISTING);
        for (int attempt = 0; attempt < 100 && expirySeconds() < Duration.ofDays(4).toSeconds(); attempt++) {
            Thread.sleep(100);
        }

        assertExpiryIsThatOf(renewed);
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
        assertExpiryIsThatOf(first);
    }

    private void startWith(Path certificate, Path key) {
        ServerSettings settings = new ServerSettings("127.0.0.1",
                Optional.of(new ServerSettings.TlsFiles(certificate.toString(), key.toString())), Duration.ofMillis(100), Duration.ofSeconds(10), 100, 10,
                1000, Duration.ZERO, List.of());
        server = new MailServer(vertx, settings, new LineCore(Duration.ofSeconds(30)), lanes, new ServerMetrics(registry));
        server.start(List.of(new ListenerSpec("tls", 0, true)));
    }

    /** The gauge reads the seconds from now to the certificate's notAfter, give or take the second it is read in. */
    private void assertExpiryIsThatOf(Certificate served) throws Exception {
        Instant notAfter;
        try (InputStream in = Files.newInputStream(served.certificate())) {
            notAfter = ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getNotAfter().toInstant();
        }
        Instant before = Instant.now();
        double seconds = expirySeconds();
        Instant after = Instant.now();
        assertThat(seconds).as("seconds until %s", notAfter).isBetween(Duration.between(after, notAfter).toSeconds() - 1.0,
                Duration.between(before, notAfter).toSeconds() + 1.0);
    }

    private double expirySeconds() {
        return registry.get("mailfleet.server.tls.certificate.expiry").tag("protocol", "test").gauge().value();
    }

    /** A self-signed pair valid for the given days, which the shared test certificates do not vary. */
    private static Certificate expiringInDays(Path dir, String hostname, int days) throws Exception {
        Path certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-subj", "/CN=" + hostname, "-keyout", key.toString(), "-out", certificate.toString(),
                "-days", Integer.toString(days))
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(openssl.waitFor()).as("openssl req").isZero();
        return new Certificate(certificate, key);
    }

    private String servedName() throws Exception {
        SSLContext context = TrustingAnyone.context();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port("tls"))) {
            socket.setSoTimeout(60_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }
}
