package io.mailfleet.imap.gateway;

import io.mailfleet.imap.gateway.server.ImapListeners;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.mailfleet.testing.tls.TlsProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS both IMAP listeners offer, checked with a real client ({@link TlsProbe}): after STARTTLS
 * on the plain port and on the implicit-TLS port. TLS 1.2 and 1.3 only, and with TLS 1.2 only ECDHE
 * with an AEAD cipher. The policy's refusals with an RSA certificate, where the key could sign for
 * every RSA suite, are mail-server's TlsPolicyTest: every listener of every service runs on that
 * server's one TLS context.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.imap"))
class ImapTlsSettingsIT {

    @Inject
    ImapListeners listeners;

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
}
