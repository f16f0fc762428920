package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.model.event.Listener;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.smtp.ingress.server.Backends;
import io.mailfleet.smtp.ingress.server.SmtpListeners;
import io.mailfleet.testing.process.KafkaServer;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.ServiceHttp;
import io.mailfleet.testing.quarkus.Outage;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With S3, and separately Kafka, out of service the client gets 451; the service is not ready
 * meanwhile, and takes mail again by itself once the server is back. With S3 out, or Kafka stopped,
 * nothing is published for the refused message.
 */
@QuarkusTest
@TestProfile(PrivateServers.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageIT {

    @Inject
    SmtpListeners listeners;

    @Inject
    KafkaSettings kafka;

    @Inject
    Backends backends;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    @Test
    @Order(1)
    void withS3OutTheClientGets451AndMailFlowsAgainAfterwards() throws Exception {
        Accounts.seed(backends);
        int published = MailTrail.inbound(kafka.bootstrapServers()).size();
        Optional<Outage> outage = Outage.of("s3proxy");
        assumeTrue(outage.isPresent(), "servers run as containers: no process to freeze");
        try (Outage s3 = outage.get()) {
            assertThat(send()).startsWith("451");
            assertThat(readinessStatus()).isEqualTo(503);
        }
        assertThat(MailTrail.inbound(kafka.bootstrapServers())).hasSize(published);
        assertThat(send()).isEqualTo("250");
        assertThat(readyWithinSeconds()).isTrue();
    }

    /**
     * Unlike S3's, Kafka's failure is ambiguous: a produce request the frozen broker had already read
     * is appended once it thaws, after the client got its 451. So the 451 is certain and the
     * recovery is, but not that the event never appears; delivery recognises the client's retry by its
     * octets and stores it once (docs/architecture.md, "Retried messages"; delivery-worker's HungKafkaRetryIT).
     */
    @Test
    @Order(2)
    void withKafkaOutTheClientGets451AndMailFlowsAgainAfterwards() throws Exception {
        Accounts.seed(backends);
        Optional<Outage> outage = Outage.of("kafka");
        assumeTrue(outage.isPresent(), "servers run as containers: no process to freeze");
        try (Outage broker = outage.get()) {
            assertThat(send()).startsWith("451");
            assertThat(readinessStatus()).isEqualTo(503);
        }
        assertThat(send()).isEqualTo("250");
        assertThat(readyWithinSeconds()).isTrue();
    }

    /** Runs last: the broker it starts again has other process ids than the ones the freezing tests use. */
    @Test
    @Order(3)
    void withKafkaStoppedTheClientGets451NothingIsPublishedAndMailFlowsWhenItReturns() throws Exception {
        Accounts.seed(backends);
        Optional<String> layout = ConfigProvider.getConfig().getOptionalValue(RealInfrastructureResource.KAFKA_LAYOUT, String.class);
        Optional<String> pids = ConfigProvider.getConfig().getOptionalValue(RealInfrastructureResource.PIDS_PREFIX + "kafka", String.class);
        assumeTrue(layout.isPresent() && pids.isPresent(), "servers run as containers: no broker to stop here");
        String[] parts = layout.get().split(",");
        KafkaServer.Layout broker = new KafkaServer.Layout(Path.of(parts[0]), Path.of(parts[1]), Integer.parseInt(parts[2]),
                Integer.parseInt(parts[3]));
        int published = MailTrail.inbound(kafka.bootstrapServers()).size();

        List<String> stop = new ArrayList<>(List.of("kill", "-TERM"));
        stop.addAll(List.of(pids.get().split(",")));
        new ProcessBuilder(stop).inheritIO().start().waitFor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Ports.accepts("127.0.0.1", broker.port()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(Ports.accepts("127.0.0.1", broker.port())).as("broker stopped").isFalse();

        assertThat(send()).startsWith("451");
        assertThat(readinessStatus()).isEqualTo(503);

        KafkaServer.start(broker, Duration.ofSeconds(90));
        assertThat(send()).isEqualTo("250");
        assertThat(MailTrail.inbound(kafka.bootstrapServers())).as("only the message answered 250").hasSize(published + 1);
        assertThat(readyWithinSeconds()).isTrue();
    }

    private String send() throws Exception {
        return Python.run("""
                import smtplib
                s = smtplib.SMTP('127.0.0.1', PORT, local_hostname='client.example.org', timeout=120)
                try:
                    s.sendmail('bob@example.org', ['ann@ingress.test'], b'Subject: outage\\r\\n\\r\\nhello\\r\\n')
                    print('RESULT 250')
                except smtplib.SMTPDataError as e:
                    print('RESULT', e.smtp_code)
                s.quit()
                """.replace("PORT", Integer.toString(listeners.port(Listener.MX)))).lines()
                .filter(line -> line.startsWith("RESULT ")).findFirst().orElseThrow().substring("RESULT ".length());
    }

    /** Readiness reads checks made every second in the background, so it follows a thaw within seconds. */
    private boolean readyWithinSeconds() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (readinessStatus() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return readinessStatus() == 200;
    }

    private int readinessStatus() throws Exception {
        return ServiceHttp.get(readiness).statusCode();
    }
}
