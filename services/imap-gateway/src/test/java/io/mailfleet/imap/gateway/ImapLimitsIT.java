package io.mailfleet.imap.gateway;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.ModuleNames;
import io.mailfleet.testing.RealInfrastructureExtension;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's limits, each broken by a raw client and answered with the protocol's own error, on a
 * packaged gateway with small limits of its own: sessions per account ({@code NO [LIMIT]}, RFC 5530) and
 * connections per client address ({@code * BYE} before the greeting), the autologout (IDLE included,
 * re-issued IDLE kept), consecutive bad commands, literals over the limits (RFC 7888 for non-synchronizing
 * ones), over-long command lines, pipelined commands answered in order, and SIGTERM: a FETCH streaming a
 * large body completes before the {@code * BYE}. The servers are the shared ones; nothing here stops them.
 */
@ExtendWith(RealInfrastructureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImapLimitsIT {

    private static final Duration AUTOLOGOUT = Duration.ofSeconds(5);
    private static final int PER_ACCOUNT = 2;
    private static final int PER_ADDRESS = 6;
    private static final int MAX_MESSAGE = 64 * 1024;

    @TempDir
    static Path dir;

    private static CqlSession session;
    private static MinioBlobStore blobs;
    private static Accounts accounts;
    private static GatewayProcess gateway;
    /** One with a short autologout, apart, so that a slow machine's pauses do not log out the other tests' sessions. */
    private static GatewayProcess impatient;

    @BeforeAll
    static void start(Infrastructure servers) throws Exception {
        session = CassandraSessions.openMigrated(CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                servers.cassandra().localDatacenter(), ModuleNames.keyspace()));
        blobs = MinioBlobStore.create(MinioBlobStoreConfig.of(URI.create(servers.s3().url()), servers.s3().region(),
                servers.s3().accessKey(), servers.s3().secretKey(), "mailfleet-blobs"));
        accounts = new Accounts(session, blobs);
        Map<String, String> settings = new HashMap<>(RealInfrastructureResource.serviceConfig(servers));
        settings.put("mailfleet.imap.max-connections-per-account", Integer.toString(PER_ACCOUNT));
        settings.put("mailfleet.imap.max-connections-per-ip", Integer.toString(PER_ADDRESS));
        settings.put("mailfleet.imap.max-bad-commands", "3");
        settings.put("mailfleet.imap.max-message-size", Integer.toString(MAX_MESSAGE));
        settings.put("mailfleet.imap.shutdown-grace", "3s");
        Map<String, String> shortAutologout = new HashMap<>(settings);
        shortAutologout.put("mailfleet.imap.idle-timeout", AUTOLOGOUT.toMillis() + "ms");
        CompletableFuture<GatewayProcess> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return GatewayProcess.start(shortAutologout, dir.resolve("impatient.log"), Duration.ofSeconds(120));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        gateway = GatewayProcess.start(settings, dir.resolve("gateway.log"), Duration.ofSeconds(120));
        impatient = starting.join();
    }

    @AfterAll
    static void stop() throws Exception {
        for (GatewayProcess each : new GatewayProcess[] {gateway, impatient}) {
            if (each != null) {
                each.close();
            }
        }
        if (session != null) {
            session.close();
        }
    }

    @Test
    @Order(1)
    void anAccountOverItsSessionLimitGetsNoLimitWhileOthersLogIn() throws Exception {
        MailAddress busy = accounts.create();
        MailAddress other = accounts.create();
        List<RawImap> open = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ACCOUNT; i++) {
                RawImap imap = RawImap.connect(gateway.port());
                open.add(imap);
                assertThat(imap.command("a LOGIN \"" + busy + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
            }
            try (RawImap over = RawImap.connect(gateway.port()); RawImap unaffected = RawImap.connect(gateway.port())) {
                assertThat(over.command("b LOGIN \"" + busy + "\" \"" + Accounts.PASSWORD + "\""))
                        .isEqualTo("b NO [LIMIT] Too many sessions open for this account");
                assertThat(unaffected.command("c LOGIN \"" + other + "\" \"" + Accounts.PASSWORD + "\"")).contains("c OK");
                assertThat(open.get(0).command("d LOGOUT")).contains("* BYE", "d OK");
                // The slot is given back when the server has seen the connection close.
                String retried = "";
                for (int attempt = 0; attempt < 20 && !retried.contains("e OK"); attempt++) {
                    Thread.sleep(100);
                    retried = over.command("e LOGIN \"" + busy + "\" \"" + Accounts.PASSWORD + "\"");
                }
                assertThat(retried).contains("e OK");
            }
        } finally {
            for (RawImap imap : open) {
                imap.close();
            }
        }
        assertThat(gateway.metrics()).containsPattern("mailfleet_imap_logins_total\\{outcome=\"limit\"[^}]*} [1-9]");
    }

    @Test
    @Order(2)
    void aClientAddressOverItsConnectionLimitIsToldByeBeforeAnyGreeting() throws Exception {
        awaitNoConnections();
        List<RawImap> open = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                open.add(RawImap.connect(gateway.port()));
            }
            try (Socket refused = new Socket("127.0.0.1", gateway.port())) {
                refused.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(refused.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(in.readLine()).startsWith("* BYE [UNAVAILABLE]");
                assertThat(in.readLine()).as("closed after the BYE").isNull();
            }
            assertThat(open.get(0).command("f NOOP")).as("the admitted ones are unaffected").contains("f OK");
        } finally {
            for (RawImap imap : open) {
                imap.close();
            }
        }
        assertThat(gateway.metrics()).containsPattern("mailfleet_server_connections_refused_total\\{[^}]*protocol=\"imap\"[^}]*} [1-9]");
    }

    /**
     * The autologout counts the client's silence, IDLE included; what the server pushes does not reset it. A
     * client re-issuing IDLE within the limit, as RFC 9051 §6.3.13 advises every 29 minutes, stays.
     */
    @Test
    @Order(3)
    void silentClientsAreLoggedOutAndReissuedIdleKeepsASession() throws Exception {
        MailAddress user = accounts.create();
        try (RawImap silent = RawImap.connect(impatient.port()); RawImap idler = RawImap.connect(impatient.port())) {
            long started = System.nanoTime();
            assertThat(idler.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
            assertThat(idler.command("b SELECT INBOX")).contains("b OK");
            for (int round = 0; round < 3; round++) {
                String tag = "i" + round;
                idler.send(tag + " IDLE");
                idler.readUntil(line -> line.startsWith("+"));
                Thread.sleep(AUTOLOGOUT.toMillis() / 2);
                idler.send("DONE");
                idler.readUntil(line -> line.startsWith(tag + " OK"));
            }
            List<String> said = silent.readToEnd(AUTOLOGOUT.plusSeconds(5));
            assertThat(said).as("the silent client").singleElement().asString().startsWith("* BYE").contains("Autologout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(AUTOLOGOUT);
            assertThat(idler.command("c NOOP")).as("re-issued IDLE kept the session").contains("c OK");

            idler.send("d IDLE");
            idler.readUntil(line -> line.startsWith("+"));
            accounts.deliver(user, Accounts.message("While idle", "a push does not count as the client's activity"));
            assertThat(idler.readToEnd(AUTOLOGOUT.plusSeconds(5))).as("an IDLE left past the limit")
                    .last().asString().startsWith("* BYE").contains("Autologout");
        }
        assertThat(impatient.metrics()).containsPattern("mailfleet_imap_sessions_ended_total\\{reason=\"autologout\"} [2-9]");
    }

    @Test
    @Order(4)
    void consecutiveBadCommandsEndTheConnection() throws Exception {
        try (RawImap imap = RawImap.connect(gateway.port())) {
            assertThat(imap.command("a FROB")).startsWith("a BAD");
            assertThat(imap.command("b SELECT")).startsWith("b BAD");
            imap.send("c )(");
            assertThat(imap.readToEnd(Duration.ofSeconds(5))).last().asString().isEqualTo("* BYE Too many invalid commands");
        }
    }

    @Test
    @Order(5)
    void literalsAndLinesOverTheLimitsAreRefusedAndTheConnectionGoesOn() throws Exception {
        MailAddress user = accounts.create();
        try (RawImap imap = RawImap.connect(gateway.port())) {
            assertThat(imap.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
            // Synchronizing: refused before the client sends a single octet of the message.
            assertThat(imap.command("b APPEND INBOX {" + (MAX_MESSAGE + 1) + "}"))
                    .isEqualTo("b NO [TOOBIG] messages are limited to " + MAX_MESSAGE + " octets");
            // LITERAL- (RFC 7888 §5): over 4096 octets non-synchronizing is BAD [TOOBIG], and the octets,
            // which follow regardless, are read and dropped rather than taken for commands (§4).
            imap.sendRaw("c APPEND INBOX {5000+}\r\n" + "x NOOP\r\n".repeat(625) + "\r\n");
            assertThat(imap.readUntil(line -> line.startsWith("c "))).singleElement().asString().startsWith("c BAD [TOOBIG]");
            assertThat(imap.command("d STATUS INBOX (MESSAGES)")).as("nothing appended, and none of the dropped"
                    + " octets ran as a command").isEqualTo("* STATUS INBOX (MESSAGES 0)\r\nd OK STATUS completed");
            assertThat(imap.command("e NOOP " + "y".repeat(70 * 1024))).startsWith("e BAD").contains("longer than");
            assertThat(imap.command("f APPEND INBOX {" + 10 + "+}\r\n0123456789")).contains("f OK [APPENDUID");
        }
    }

    @Test
    @Order(6)
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        MailAddress user = accounts.create();
        accounts.deliver(user, Accounts.message("Piped", "one message"));
        try (RawImap imap = RawImap.connect(gateway.port())) {
            assertThat(imap.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
            StringBuilder pipelined = new StringBuilder("s SELECT INBOX\r\n");
            int count = 300;
            for (int i = 0; i < count; i++) {
                pipelined.append(i % 2 == 0 ? "p" + i + " FETCH 1 (FLAGS)\r\n" : "p" + i + " NOOP\r\n");
            }
            imap.sendRaw(pipelined.toString());
            List<String> tagged = imap.readUntil(line -> line.startsWith("p" + (count - 1) + " "), Duration.ofSeconds(60))
                    .stream().filter(line -> !line.startsWith("*")).toList();
            assertThat(tagged).hasSize(count + 1);
            assertThat(tagged.get(0)).startsWith("s OK");
            for (int i = 0; i < count; i++) {
                assertThat(tagged.get(i + 1)).startsWith("p" + i + " OK");
            }
        }
    }

    /**
     * Last: it stops the gateway. SIGTERM while a FETCH streams a 12 MB body the client is slow to read and
     * another session sits idle: readiness goes down, new connections are refused, and after the grace the
     * FETCH still completes, whole, before its session is told {@code * BYE}.
     */
    @Test
    @Order(7)
    void sigtermLetsAStreamingFetchFinishBeforeTheBye() throws Exception {
        MailAddress user = accounts.create();
        String large = accounts.deliver(user, Accounts.message("Large", "0123456789abcdef".repeat(12 * 65536)));
        try (RawImap fetching = RawImap.connect(gateway.port()); RawImap idle = RawImap.connect(gateway.port())) {
            assertThat(fetching.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
            assertThat(fetching.command("b SELECT INBOX")).contains("b OK");
            assertThat(idle.command("c LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("c OK");
            fetching.send("d FETCH 1 (BODY.PEEK[])");
            String start = fetching.readUntil(line -> line.startsWith("* 1 FETCH")).get(0);
            assertThat(start).endsWith("{" + large.length() + "}");

            gateway.terminate();
            // The HTTP listener closes at SIGTERM: the probe is refused, which fails it as a 503 would.
            assertThat(readinessStatusWithin(Duration.ofSeconds(5))).as("readiness while draining").isNotEqualTo(200);
            assertThat(firstLineOfANewConnection(Duration.ofSeconds(10))).as("a new connection while stopping")
                    .startsWith("* BYE [UNAVAILABLE]");
            assertThat(idle.readToEnd(Duration.ofSeconds(10))).as("the idle session, after the grace")
                    .singleElement().asString().startsWith("* BYE");

            byte[] body = fetching.readOctets(large.length());
            assertThat(new String(body, StandardCharsets.US_ASCII)).as("the body, whole").isEqualTo(large);
            assertThat(fetching.readToEnd(Duration.ofSeconds(10))).as("after the literal")
                    .containsExactly(")", "d OK FETCH completed", "* BYE Server shutting down");
        }
        assertThat(gateway.exited(Duration.ofSeconds(30))).isTrue();
    }

    private static void awaitNoConnections() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (gateway.metrics().lines().filter(line -> line.startsWith("mailfleet_imap_connections_active"))
                    .allMatch(line -> line.endsWith(" 0.0"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("connections of earlier tests still open: " + gateway.metrics());
    }

    /** The first line a new connection reads once the listener has begun to drain (SIGTERM reaches it a moment later). */
    private static String firstLineOfANewConnection(Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        String line;
        do {
            try (Socket late = new Socket("127.0.0.1", gateway.port())) {
                late.setSoTimeout(10_000);
                line = new BufferedReader(new InputStreamReader(late.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            }
            if (line != null && line.startsWith("* OK")) {
                Thread.sleep(100);
            }
        } while (line != null && line.startsWith("* OK") && System.nanoTime() < deadline);
        return line;
    }

    private static int readinessStatusWithin(Duration wait) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI ready = URI.create("http://127.0.0.1:" + gateway.httpPort() + "/q/health/ready");
        long deadline = System.nanoTime() + wait.toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            try {
                status = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            }
            if (status != 200) {
                return status;
            }
            Thread.sleep(100);
        }
        return status;
    }
}
