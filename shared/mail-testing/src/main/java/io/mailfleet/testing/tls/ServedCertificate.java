package io.mailfleet.testing.tls;

import io.mailfleet.testing.peers.Certificate;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Another certificate served by a running server for a while: its pair is written over the PEM files
 * the server reads, and the server's periodic check of those files puts it in use. Made when new
 * handshakes get it; closing writes the first pair back and waits until they get that again.
 */
public final class ServedCertificate implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path certificate;
    private final Path key;
    private final int tlsPort;
    private final byte[] firstCertificate;
    private final byte[] firstKey;

    private ServedCertificate(Path certificate, Path key, int tlsPort) throws IOException {
        this.certificate = certificate;
        this.key = key;
        this.tlsPort = tlsPort;
        this.firstCertificate = Files.readAllBytes(certificate);
        this.firstKey = Files.readAllBytes(key);
    }

    /**
     * Serves a new self-signed RSA-2048 certificate for localhost in place of the pair in the files
     * {@code certificate} and {@code key}, once an implicit-TLS handshake with 127.0.0.1:{@code tlsPort}
     * presents it.
     */
    public static ServedCertificate rsa(String certificate, String key, int tlsPort) throws Exception {
        ServedCertificate served = new ServedCertificate(Path.of(certificate), Path.of(key), tlsPort);
        Path dir = Files.createTempDirectory("mailfleet-test-rsa");
        try {
            Certificate rsa = Certificate.selfSignedRsa(dir, "localhost", Duration.ofSeconds(60));
            served.serve(Files.readAllBytes(rsa.certificate()), Files.readAllBytes(rsa.key()));
        } catch (Exception | AssertionError e) {
            // The tests after this one expect the first pair in the files.
            Files.write(served.key, served.firstKey);
            Files.write(served.certificate, served.firstCertificate);
            throw e;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        return served;
    }

    @Override
    public void close() throws Exception {
        serve(firstCertificate, firstKey);
    }

    private void serve(byte[] pemCertificate, byte[] pemKey) throws Exception {
        Files.write(key, pemKey);
        Files.write(certificate, pemCertificate);
        X509Certificate expected = parse(pemCertificate);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!expected.equals(presented())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server on port " + tlsPort + " still presents another certificate after " + WAIT);
            }
            Thread.sleep(200);
        }
    }

    private X509Certificate presented() throws IOException {
        try (SSLSocket socket = (SSLSocket) TrustingAnyone.context().getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static X509Certificate parse(byte[] pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }
}
