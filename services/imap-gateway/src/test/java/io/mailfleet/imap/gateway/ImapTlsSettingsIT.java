package io.mailfleet.imap.gateway;

import io.mailfleet.imap.gateway.server.ImapListeners;
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
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS both IMAP listeners offer, checked with a real client ({@link TlsProbe}): after STARTTLS
 * on the plain port and on the implicit-TLS port. TLS 1.2 and 1.3 only, and with TLS 1.2 only ECDHE
 * with an AEAD cipher; and once more with an RSA certificate, where the policy and not the key
 * refuses the RSA suites.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.imap"))
class ImapTlsSettingsIT {

    @Inject
    ImapListeners listeners;

    @ConfigProperty(name = "mailfleet.imap.tls-certificate")
    String certificate;

    @ConfigProperty(name = "mailfleet.imap.tls-key")
    String key;

    static Stream<Arguments> everyListenerAndProbe() {
        return Stream.of(ImapListeners.PLAIN, ImapListeners.IMPLICIT_TLS)
                .flatMap(listener -> TlsProbe.POLICY.stream().map(probe -> Arguments.of(listener, probe)));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("everyListenerAndProbe")
    void onlyModernProtocolsAndSuitesAreAccepted(String listener, TlsProbe probe) throws IOException, InterruptedException {
        Optional<String> starttls = listener.equals(ImapListeners.PLAIN) ? Optional.of("imap") : Optional.empty();
        assertThat(probe.outcome(listeners.port(listener), starttls)).as(listener + " " + probe).isEqualTo(probe.expected());
    }

    /**
     * The test certificate's P-256 key cannot sign for an RSA suite, so with it those rows would be
     * refused whatever the policy: here an RSA-2048 certificate is served for a while instead.
     */
    @Test
    void withAnRsaCertificateThePolicyRefusesWhatTheKeyCouldSign() throws Exception {
        try (ServedCertificate rsa = ServedCertificate.rsa(certificate, key, listeners.port(ImapListeners.IMPLICIT_TLS))) {
            assertThat(TlsProbe.mismatches(TlsProbe.RSA_POLICY, Map.of(listeners.port(ImapListeners.PLAIN), Optional.of("imap"),
                    listeners.port(ImapListeners.IMPLICIT_TLS), Optional.empty()))).isEmpty();
        }
    }
}
