package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.model.event.Listener;
import io.mailfleet.smtp.ingress.server.Backends;
import io.mailfleet.smtp.ingress.server.SmtpListeners;
import io.mailfleet.testing.process.ServiceHttp;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** Health and the metrics an operator watches, after real traffic. */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
class OperationsIT {

    @Inject
    SmtpListeners listeners;

    @Inject
    Backends backends;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    @Test
    void trafficShowsInTheMetricsAndTheServiceIsReady() throws Exception {
        Accounts.seed(backends);
        try (RawClient client = new RawClient("127.0.0.1", listeners.port(Listener.MX))) {
            client.reply();
            client.command("EHLO metrics.example.org");
            client.command("MAIL FROM:<m@example.org>");
            client.command("RCPT TO:<ann@ingress.test>");
            client.command("DATA");
            assertThat(client.command("Subject: counted\r\n\r\ncount me\r\n.")).startsWith("250");
            assertThat(client.command("RCPT TO:<x@elsewhere.example>")).startsWith("503");
        }

        String text = ServiceHttp.get(metrics).body();
        assertThat(text)
                .contains("mailfleet_smtp_connections_total{listener=\"mx\"}")
                .contains("mailfleet_smtp_connections_active{listener=\"mx\"}")
                .contains("mailfleet_smtp_replies_total{code=\"250\",listener=\"mx\"}")
                .contains("mailfleet_smtp_replies_total{code=\"503\",listener=\"mx\"}")
                .contains("mailfleet_smtp_messages_total{listener=\"mx\",outcome=\"accepted\"}")
                .contains("mailfleet_smtp_received_bytes_total{listener=\"mx\"}")
                .contains("mailfleet_smtp_accept_latency_seconds_bucket{listener=\"mx\",outcome=\"accepted\"")
                .contains("mailfleet_server_commands_total{command=\"data\",protocol=\"smtp\",result=\"ok\"}")
                .contains("mailfleet_server_commands_total{command=\"rcpt\",protocol=\"smtp\",result=\"failed\"}")
                .contains("mailfleet_server_command_seconds_count{command=\"ehlo\",protocol=\"smtp\"}");
        assertThat(ServiceHttp.get(readiness).statusCode()).isEqualTo(200);
    }
}
