package io.mailfleet.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code mailfleet_server_tls_certificate_expiry_seconds{protocol}}: the seconds left until the
 * served certificate's notAfter, negative once it has passed. It follows the pair the listeners
 * use, so it moves when a renewed certificate is applied and an alert on it fires only when renewal
 * is really stuck (a cert-manager that cannot reach its issuer, a Secret nobody updates).
 */
final class CertificateExpiry {

    private static final Logger LOG = Logger.getLogger(CertificateExpiry.class);

    private final Path certificate;
    private final Clock clock;
    private volatile Instant notAfter;

    CertificateExpiry(MeterRegistry registry, String protocol, ServerSettings.TlsFiles files, Clock clock) {
        this.certificate = Path.of(files.certificate());
        this.clock = clock;
        this.notAfter = read().orElse(Instant.EPOCH);
        Gauge.builder("mailfleet.server.tls.certificate.expiry", this, CertificateExpiry::secondsLeft)
                .description("Seconds until the served TLS certificate expires").baseUnit("seconds")
                .tags("protocol", protocol).strongReference(true).register(registry);
    }

    /** The listeners took the certificate file as it is now. */
    void applied() {
        read().ifPresent(expires -> notAfter = expires);
    }

    double secondsLeft() {
        return Duration.between(clock.instant(), notAfter).toSeconds();
    }

    /** The first certificate of the PEM chain is the server's own; the rest are its issuers. */
    private Optional<Instant> read() {
        try (InputStream in = Files.newInputStream(certificate)) {
            X509Certificate served = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Optional.of(served.getNotAfter().toInstant());
        } catch (IOException | CertificateException e) {
            LOG.warnf("TLS certificate %s unreadable, its expiry is not known: %s", certificate, e.getMessage());
            return Optional.empty();
        }
    }
}
