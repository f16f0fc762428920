package io.mailfleet.pop3.gateway;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.pop3.gateway.config.Pop3GatewaySettings;
import io.mailfleet.pop3.gateway.server.Backends;
import io.mailfleet.pop3.gateway.server.Pop3Listeners;
import io.mailfleet.testing.process.ServiceHttp;
import io.mailfleet.testing.quarkus.Outage;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Limits, failures and what an operator sees: health, metrics, store outages. */
@QuarkusTest
@TestProfile(PrivateServers.class)
class Pop3OperationsIT {

    /** Logs in over STLS and runs one action; prints what each step answered, errors included. */
    private static final String SESSION = String.join("\n",
            "import poplib, ssl, sys, time",
            "port, user, password, action = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]",
            "p = poplib.POP3('127.0.0.1', port, timeout=60)",
            "p.stls(context=ssl._create_unverified_context())",
            "def step(name, call):",
            "    try:",
            "        print(name, call())",
            "    except Exception as e:",
            "        print(name, 'ERROR', e)",
            "if action == 'wrong-passwords':",
            "    for i in range(3):",
            "        asked = time.monotonic()",
            "        step('PASS', lambda: (p.user(user), p.pass_('wrong')))",
            "        print('ANSWERED AFTER', int((time.monotonic() - asked) * 1000))",
            "    step('NOOP', lambda: p.noop())",
            "else:",
            "    step('LOGIN', lambda: (p.user(user), p.pass_(password)))",
            "    if action == 'retr':",
            "        step('RETR', lambda: p.retr(1)[0])",
            "        step('STAT', lambda: p.stat())",
            "    if action == 'dele':",
            "        step('DELE', lambda: p.dele(1))",
            "    step('QUIT', lambda: p.quit())");

    @Inject
    Backends backends;
    @Inject
    Pop3Listeners listeners;
    /** Its failed-login delay is the tests' short one; Pop3GatewaySettingsTest has the default. */
    @Inject
    Pop3GatewaySettings settings;

    @TestHTTPResource("/q/health/ready")
    URI ready;
    @TestHTTPResource("/q/metrics")
    URI metrics;

    @TempDir
    Path dir;

    private MailAddress user;

    @BeforeEach
    void setUp() throws Exception {
        Mailboxes mailboxes = new Mailboxes(backends);
        user = mailboxes.account();
        mailboxes.deliver(user, Mailboxes.message("Kept safe", "body"));
    }

    @Test
    void readinessNamesItsBackendsAndMetricsAreNamedForOperators() throws Exception {
        assertThat(session("retr")).contains("RETR b'+OK");
        // A test before this one may have frozen a server: readiness follows its thaw within moments.
        HttpResponse<String> health = ServiceHttp.get(ready);
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
             health.statusCode() != 200 && System.nanoTime() < deadline; ) {
            Thread.sleep(250);
            health = ServiceHttp.get(ready);
        }
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"cassandra\"").contains("\"s3\"").contains("\"kafka\"");
        String page = ServiceHttp.get(metrics).body();
        assertThat(page).contains("mailfleet_pop3_connections_total{listener=\"pop3\"")
                .contains("mailfleet_pop3_logins_total{outcome=\"success\"")
                .contains("mailfleet_pop3_maildrops_total{outcome=\"opened\"")
                .contains("mailfleet_pop3_messages_sent_total{command=\"retr\",complete=\"true\"")
                .contains("mailfleet_pop3_connections_active")
                .contains("mailfleet_server_commands_total{command=\"retr\",protocol=\"pop3\",result=\"ok\"}")
                .contains("mailfleet_server_command_seconds_count{command=\"pass\",protocol=\"pop3\"}");
    }

    @Test
    void failedLoginsAreDelayedAndTheThirdClosesTheConnection() throws Exception {
        String output = session("wrong-passwords");

        assertThat(output).contains("PASS ERROR b'-ERR [AUTH]");
        assertThat(output.lines().filter(line -> line.startsWith("PASS ERROR")).count()).isEqualTo(3);
        assertThat(output).as("closed after the third").contains("closing connection").contains("NOOP ERROR");
        List<Long> waited = output.lines().filter(line -> line.startsWith("ANSWERED AFTER "))
                .map(line -> Long.parseLong(line.substring("ANSWERED AFTER ".length()))).toList();
        assertThat(waited).as("milliseconds before each failure's answer").hasSize(3);
        for (int n = 1; n <= 3; n++) {
            assertThat(waited.get(n - 1)).as("failure %d answered after %d times the delay", n, n)
                    .isGreaterThanOrEqualTo(settings.failedLoginDelay().multipliedBy(n).toMillis());
        }
        assertThat(waited.stream().mapToLong(Long::longValue).sum()).as("the setting's waits, not the default's 2 + 4 + 6 s")
                .isLessThan(Duration.ofSeconds(12).toMillis());
    }

    @Test
    void anOverlongLineGetsAnErrorAndTheSessionGoesOn() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", listeners.port(Pop3Listeners.PLAIN))) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("+OK");
            out.write(("NOOP " + "x".repeat(20_000) + "\r\nCAPA\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("-ERR");
            assertThat(in.readLine()).startsWith("+OK");
        }
    }

    /** Each {@code -ERR [SYS/TEMP]} is also counted under the dependency an operator has to look at. */
    @Test
    void whenS3OrCassandraIsDownTheAnswerIsSysTempAndNeverAnOk() throws Exception {
        Optional<Outage> s3 = Outage.of("s3proxy");
        assumeTrue(s3.isPresent(), "only local server processes can be frozen");
        double s3Before = temporaryFailures("s3");
        double cassandraBefore = temporaryFailures("cassandra");
        String withoutS3;
        try (Outage frozen = s3.get()) {
            withoutS3 = session("retr");
        }
        assertThat(withoutS3).contains("LOGIN").contains("RETR ERROR b'-ERR [SYS/TEMP]").contains("STAT (1, ");
        assertThat(temporaryFailures("s3")).as("counted as s3").isGreaterThan(s3Before);

        String withoutCassandra;
        try (Outage frozen = Outage.of("cassandra").orElseThrow()) {
            withoutCassandra = session("login");
        }
        assertThat(withoutCassandra).contains("LOGIN ERROR b'-ERR [SYS/TEMP]");
        assertThat(temporaryFailures("cassandra")).as("counted as cassandra").isGreaterThan(cassandraBefore);
        assertThat(session("retr")).as("back once the store is").contains("RETR b'+OK");
    }

    /** The expunge event is a hint for IMAP sessions: Kafka's absence must not fail the QUIT that deleted. */
    @Test
    void withKafkaFrozenQuitStillDeletesAndTheUnpublishedEventIsCounted() throws Exception {
        Optional<Outage> kafka = Outage.of("kafka");
        assumeTrue(kafka.isPresent(), "only local server processes can be frozen");
        String output;
        boolean counted;
        try (Outage frozen = kafka.get()) {
            output = session("dele");
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (!(counted = unpublishedExpungeEvents() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        assertThat(output).contains("DELE b'+OK").contains("QUIT b'+OK");
        assertThat(new Mailboxes(backends).messages(user)).isEmpty();
        assertThat(counted).as("mailfleet_pop3_expunge_events_unpublished_total counts the lost hint").isTrue();
    }

    private double unpublishedExpungeEvents() throws Exception {
        String page = ServiceHttp.get(metrics).body();
        return page.lines().filter(line -> line.startsWith("mailfleet_pop3_expunge_events_unpublished_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private double temporaryFailures(String cause) throws Exception {
        String series = "mailfleet_temporary_failures_total{cause=\"" + cause + "\"} ";
        String page = ServiceHttp.get(metrics).body();
        return page.lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).trim())).findFirst().orElse(0);
    }

    private String session(String action) throws Exception {
        return Commands.python(dir, SESSION, Integer.toString(listeners.port(Pop3Listeners.PLAIN)), user.toString(),
                Mailboxes.PASSWORD, action);
    }
}
