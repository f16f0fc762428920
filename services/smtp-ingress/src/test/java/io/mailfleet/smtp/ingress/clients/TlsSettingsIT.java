package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.model.event.Listener;
import io.mailfleet.smtp.ingress.server.SmtpListeners;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS the runtime offers, checked with a real client, {@code openssl s_client}: TLS 1.2 and 1.3
 * only, and with TLS 1.2 only ECDHE with an AEAD cipher (no CBC suite with its SHA-1 or SHA-2 MAC),
 * on the implicit-TLS submissions port and after STARTTLS on the MX port. The client is told to
 * offer what it would otherwise refuse itself ({@code @SECLEVEL=0}), so a
 * failed handshake is the server's refusal.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.smtp"))
class TlsSettingsIT {

    @Inject
    SmtpListeners listeners;

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "SUBMISSIONS | -tls1   | DEFAULT:@SECLEVEL=0 | refused",
            "SUBMISSIONS | -tls1_1 | DEFAULT:@SECLEVEL=0 | refused",
            "SUBMISSIONS | -tls1_2 | DEFAULT             | TLSv1.2",
            "SUBMISSIONS | -tls1_3 | DEFAULT             | TLSv1.3",
            "SUBMISSIONS | -tls1_2 | RC4:3DES:NULL:EXPORT:aNULL:@SECLEVEL=0 | refused",
            "SUBMISSIONS | -tls1_2 | kRSA:@SECLEVEL=0    | refused",
            // The test certificate's key is ECDSA (P-256): these are the suites it could sign for.
            "SUBMISSIONS | -tls1_2 | ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:@SECLEVEL=0 | refused",
            "SUBMISSIONS | -tls1_2 | ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384 | refused",
            "SUBMISSIONS | -tls1_2 | ECDHE-ECDSA-AES128-GCM-SHA256 | TLSv1.2",
            "SUBMISSIONS | -tls1_2 | ECDHE-ECDSA-AES256-GCM-SHA384 | TLSv1.2",
            "SUBMISSIONS | -tls1_2 | ECDHE-ECDSA-CHACHA20-POLY1305 | TLSv1.2",
            "MX          | -tls1_2 | ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0 | refused",
            "MX          | -tls1_1 | DEFAULT:@SECLEVEL=0 | refused",
            "MX          | -tls1_2 | NULL:aNULL:@SECLEVEL=0 | refused",
            "MX          | -tls1_3 | DEFAULT             | TLSv1.3"})
    void onlyModernProtocolsAndSuitesAreAccepted(Listener listener, String protocol, String ciphers, String expected)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-brief",
                "-connect", "127.0.0.1:" + listeners.port(listener), protocol, "-cipher", ciphers));
        if (listener == Listener.MX) {
            command.addAll(List.of("-starttls", "smtp"));
        }
        Process client = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        if (expected.equals("refused")) {
            assertThat(client.exitValue()).as(output).isNotZero();
            // The server's alert, not a client that could not offer what it was told to.
            assertThat(output).contains("alert").doesNotContain("Protocol version:");
        } else {
            assertThat(client.exitValue()).as(output).isZero();
            assertThat(output).contains("Protocol version: " + expected);
        }
    }
}
