package io.mailfleet.smtp.ingress.clients;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.security.cert.CertificateException;
import java.util.Map;

/** A self-signed certificate for localhost, as PEM files, for STARTTLS and implicit TLS in tests. */
public final class SelfSignedTlsResource implements QuarkusTestResourceLifecycleManager {

    private SelfSignedCertificate certificate;

    @Override
    public Map<String, String> start() {
        try {
            certificate = new SelfSignedCertificate("localhost");
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
        return Map.of("mailfleet.smtp.tls-certificate", certificate.certificate().getAbsolutePath(),
                "mailfleet.smtp.tls-key", certificate.privateKey().getAbsolutePath());
    }

    @Override
    public void stop() {
        if (certificate != null) {
            certificate.delete();
        }
    }
}
