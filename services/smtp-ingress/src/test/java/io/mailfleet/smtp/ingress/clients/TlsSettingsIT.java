package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.model.event.Listener;
import io.mailfleet.smtp.ingress.server.SmtpListeners;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.mailfleet.testing.tls.ServedCertificate;
import io.mailfleet.testing.tls.TlsProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS every SMTP listener offers, checked with a real client ({@link TlsProbe}): after STARTTLS
 * on the MX and submission ports, and on the implicit-TLS submissions port. TLS 1.2 and 1.3 only,
 * and with TLS 1.2 only ECDHE with an AEAD cipher; and once more with an RSA certificate, where the
 * policy and not the key refuses the RSA suites.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.smtp"))
class TlsSettingsIT {

    @Inject
    SmtpListeners listeners;

    @ConfigProperty(name = "mailfleet.smtp.tls-certificate")
    String certificate;

    @ConfigProperty(name = "mailfleet.smtp.tls-key")
    String key;

    static Stream<Arguments> everyListenerAndProbe() {
        return Arrays.stream(Listener.values())
                .flatMap(listener -> TlsProbe.POLICY.stream().map(probe -> Arguments.of(listener, probe)));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("everyListenerAndProbe")
    void onlyModernProtocolsAndSuitesAreAccepted(Listener listener, TlsProbe probe) throws IOException, InterruptedException {
        Optional<String> starttls = listener == Listener.SUBMISSIONS ? Optional.empty() : Optional.of("smtp");
        assertThat(probe.outcome(listeners.port(listener), starttls)).as(listener + " " + probe).isEqualTo(probe.expected());
    }

    /**
     * The test certificate's P-256 key cannot sign for an RSA suite, so with it those rows would be
     * refused whatever the policy: here an RSA-2048 certificate is served for a while instead.
     */
    @Test
    void withAnRsaCertificateThePolicyRefusesWhatTheKeyCouldSign() throws Exception {
        try (ServedCertificate rsa = ServedCertificate.rsa(certificate, key, listeners.port(Listener.SUBMISSIONS))) {
            assertThat(TlsProbe.mismatches(TlsProbe.RSA_POLICY, Map.of(listeners.port(Listener.MX), Optional.of("smtp"),
                    listeners.port(Listener.SUBMISSION), Optional.of("smtp"),
                    listeners.port(Listener.SUBMISSIONS), Optional.empty()))).isEmpty();
        }
    }
}
