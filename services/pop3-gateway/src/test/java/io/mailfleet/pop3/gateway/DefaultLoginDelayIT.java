package io.mailfleet.pop3.gateway;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.pop3.gateway.server.Backends;
import io.mailfleet.pop3.gateway.server.Pop3Listeners;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.mailfleet.testing.tls.TrustingAnyone;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failed-login delay a gateway applies when nothing sets it: 2 s before the answer to the first
 * rejected password. Pop3OperationsIT runs the growing sequence and the closing third failure on a
 * short setting.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.pop3"))
class DefaultLoginDelayIT {

    private static final Duration DEFAULT_DELAY = Duration.ofSeconds(2);

    @Inject
    Backends backends;
    @Inject
    Pop3Listeners listeners;

    @Test
    void theFirstRejectedPasswordIsAnsweredAfterTwoSeconds() throws Exception {
        MailAddress user = new Mailboxes(backends).account();
        try (Socket socket = TrustingAnyone.context().getSocketFactory()
                .createSocket("127.0.0.1", listeners.port(Pop3Listeners.IMPLICIT_TLS))) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("+OK");
            out.write(("USER " + user + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(in.readLine()).startsWith("+OK");

            long asked = System.nanoTime();
            out.write("PASS wrong\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = in.readLine();
            Duration waited = Duration.ofNanos(System.nanoTime() - asked);

            assertThat(answer).startsWith("-ERR [AUTH]");
            assertThat(waited).as("the default delay before the first failure's answer").isGreaterThanOrEqualTo(DEFAULT_DELAY);
        }
    }
}
