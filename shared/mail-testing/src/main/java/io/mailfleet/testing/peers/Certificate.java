package io.mailfleet.testing.peers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A self-signed certificate and its key, as PEM files, for a peer's STARTTLS. */
public record Certificate(Path certificate, Path key) {

    static final String CERTIFICATE_FILE = "tls-cert.pem";
    static final String KEY_FILE = "tls-key.pem";

    /**
     * Makes a P-256 key and a certificate for {@code hostname}, in its subject and as its one DNS
     * name, so a client that checks names against it finds the peer's. P-256 rather than RSA: the
     * key is made in milliseconds.
     */
    public static Certificate selfSigned(Path dir, String hostname, Duration timeout) {
        return make(dir, hostname, timeout, List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"));
    }

    /**
     * Like {@link #selfSigned} with an RSA-2048 key, for what only an RSA certificate can show: the
     * suites with RSA key exchange or RSA signatures.
     */
    public static Certificate selfSignedRsa(Path dir, String hostname, Duration timeout) {
        return make(dir, hostname, timeout, List.of("-newkey", "rsa:2048"));
    }

    private static Certificate make(Path dir, String hostname, Duration timeout, List<String> newKey) {
        Path certificate = dir.resolve(CERTIFICATE_FILE);
        Path key = dir.resolve(KEY_FILE);
        Path openssl = SystemCommands.find("openssl", "openssl");
        List<String> command = new ArrayList<>(List.of(openssl.toString(), "req", "-x509"));
        command.addAll(newKey);
        command.addAll(List.of("-nodes", "-keyout", key.toString(), "-out", certificate.toString(), "-days", "30",
                "-subj", "/CN=" + hostname, "-addext", "subjectAltName=DNS:" + hostname));
        SystemCommands.run(timeout, command);
        return new Certificate(certificate, key);
    }
}
