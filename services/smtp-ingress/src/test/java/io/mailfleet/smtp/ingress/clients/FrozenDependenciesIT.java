package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.model.event.Listener;
import io.mailfleet.quarkus.failure.TemporaryFailures;
import io.mailfleet.smtp.ingress.server.Backends;
import io.mailfleet.smtp.ingress.server.SmtpListeners;
import io.mailfleet.testing.quarkus.Outage;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * S3, Cassandra and Kafka frozen in turn (SIGSTOP: sockets open, nothing answered, as a hung or
 * partitioned server): the client gets 451 within 10 s, readiness answers DOWN within 1 s on every
 * request, liveness stays UP, the failure is counted by cause and logged at WARN, and mail is taken
 * again within 10 s of the thaw.
 */
@QuarkusTest
@TestProfile(PrivateServers.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrozenDependenciesIT {

    private static final Duration CLIENT_BOUND = Duration.ofSeconds(10);
    private static final Duration PROBE_BOUND = Duration.ofSeconds(1);
    /** A background check's interval plus its timeout: how long readiness may still read the old state. */
    private static final Duration DETECTION = Duration.ofSeconds(3);

    @Inject
    SmtpListeners listeners;

    @Inject
    Backends backends;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    @TestHTTPResource("/q/health/live")
    URI liveness;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_BOUND).build();
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        Accounts.seed(backends);
        Logger.getLogger(TemporaryFailures.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger(TemporaryFailures.class.getName()).removeHandler(capture);
    }

    @Test
    @Order(1)
    void frozenS3() throws Exception {
        showsTheOutageAndRecovers("s3proxy", "s3");
    }

    @Test
    @Order(2)
    void frozenCassandra() throws Exception {
        showsTheOutageAndRecovers("cassandra", "cassandra");
    }

    @Test
    @Order(3)
    void frozenKafka() throws Exception {
        showsTheOutageAndRecovers("kafka", "kafka");
    }

    private void showsTheOutageAndRecovers(String server, String cause) throws Exception {
        assumeTrue(processesAlive(server), "servers run as containers, or were restarted: no process to freeze");
        assertThat(send().code()).isEqualTo("250");
        double countedBefore = counted(cause);
        long thawed;
        Result frozenAnswer;
        try (Outage frozen = Outage.of(server).orElseThrow()) {
            long started = System.nanoTime();
            Result answer = send();
            frozenAnswer = answer;
            assertThat(answer.code()).as("the client's answer with " + server + " frozen").startsWith("451");
            assertThat(answer.took()).as("the time from the connection to the 451").isLessThanOrEqualTo(CLIENT_BOUND);

            long frozenFor = System.nanoTime() - started;
            if (frozenFor < DETECTION.toNanos()) {
                Thread.sleep(Duration.ofNanos(DETECTION.toNanos() - frozenFor).toMillis());
            }
            for (int probe = 0; probe < 5; probe++) {
                assertThat(probe(readiness)).as("readiness with " + server + " frozen").isEqualTo(503);
                assertThat(probe(liveness)).as("liveness with " + server + " frozen").isEqualTo(200);
                Thread.sleep(200);
            }
            assertThat(counted(cause)).as("temporary failures counted for " + cause).isGreaterThan(countedBefore);
            assertThat(warnings).as("a WARN line naming the cause")
                    .anySatisfy(record -> assertThat(record.getMessage() + " " + List.of(record.getParameters() == null
                            ? new Object[0] : record.getParameters())).contains(cause));
            thawed = System.nanoTime();
        }
        // Retried as a client would, each attempt starting within the bound after the thaw.
        String answer = send().code();
        while (!answer.equals("250") && System.nanoTime() - thawed < CLIENT_BOUND.toNanos()) {
            Thread.sleep(200);
            answer = send().code();
        }
        assertThat(answer).as("mail taken again within " + CLIENT_BOUND + " of the thaw").isEqualTo("250");
        System.out.printf("FrozenDependenciesIT: %s frozen, 451 after %d ms; 250 again %d ms after the thaw%n", server,
                frozenAnswer.took().toMillis(), Duration.ofNanos(System.nanoTime() - thawed).toMillis());
        long readyAgain = System.nanoTime();
        while (probe(readiness) != 200 && System.nanoTime() - readyAgain < CLIENT_BOUND.toNanos()) {
            Thread.sleep(200);
        }
        assertThat(probe(readiness)).as("ready again after the thaw").isEqualTo(200);
    }

    /** The status of a probe, which must answer within {@link #PROBE_BOUND}. */
    private int probe(URI uri) throws Exception {
        long started = System.nanoTime();
        int status = http.send(HttpRequest.newBuilder(uri).timeout(PROBE_BOUND).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as(uri + " answers within " + PROBE_BOUND)
                .isLessThanOrEqualTo(PROBE_BOUND);
        return status;
    }

    private double counted(String cause) throws Exception {
        String series = "mailfleet_temporary_failures_total{cause=\"" + cause + "\"} ";
        String page = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        return page.lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).trim())).findFirst().orElse(0);
    }

    /** The process ids the harness gave are still the server's: a test that restarts one changes them. */
    private static boolean processesAlive(String server) {
        Optional<String> pids = ConfigProvider.getConfig().getOptionalValue(RealInfrastructureResource.PIDS_PREFIX + server,
                String.class);
        return pids.isPresent() && List.of(pids.get().split(",")).stream()
                .allMatch(pid -> ProcessHandle.of(Long.parseLong(pid.trim())).map(ProcessHandle::isAlive).orElse(false));
    }

    /** What the client was answered, and how long it took from its connection on. */
    private record Result(String code, Duration took) {
    }

    /** One message through the MX listener: {@code 250}, or the code of the first refusal at any stage. */
    private Result send() throws Exception {
        String[] result = Python.run("""
                import smtplib, time
                started = time.monotonic()
                s = smtplib.SMTP('127.0.0.1', PORT, local_hostname='client.example.org', timeout=60)
                try:
                    s.sendmail('bob@example.org', ['ann@ingress.test'], b'Subject: frozen\\r\\n\\r\\nhello\\r\\n')
                    code = 250
                except smtplib.SMTPRecipientsRefused as e:
                    code = list(e.recipients.values())[0][0]
                except smtplib.SMTPResponseException as e:
                    code = e.smtp_code
                print('RESULT', code, int((time.monotonic() - started) * 1000))
                try:
                    s.quit()
                except smtplib.SMTPException:
                    pass
                """.replace("PORT", Integer.toString(listeners.port(Listener.MX)))).lines()
                .filter(line -> line.startsWith("RESULT ")).findFirst().orElseThrow().split(" ");
        return new Result(result[1], Duration.ofMillis(Long.parseLong(result[2])));
    }
}
