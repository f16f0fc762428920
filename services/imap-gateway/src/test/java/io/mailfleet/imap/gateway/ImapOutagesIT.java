package io.mailfleet.imap.gateway;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.events.topic.TopicLayout;
import io.mailfleet.events.topic.TopicProvisioner;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.testing.process.LocalServerSettings;
import io.mailfleet.testing.process.LocalServers;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cassandra, S3 and Kafka frozen in turn (SIGSTOP: sockets open, nothing answered, as a hung or partitioned
 * server) under packaged gateways: the store's commands answer {@code NO [UNAVAILABLE]}, never OK, and work
 * again after the thaw; an APPEND adds nothing; a body read that fails after its literal began closes the
 * connection; a command's work over the wall-clock limit ends the session with {@code * BYE}; IDLE polls
 * the store while Kafka is out. The servers are this class's own, since it freezes them.
 */
class ImapOutagesIT {

    private static final String KEYSPACE = "imap_outages_it";

    @TempDir
    static Path dir;

    private static LocalServers servers;
    private static CqlSession session;
    private static Accounts accounts;
    /** Backend timeouts of 2 s under a command limit of 30 s: outages are answered NO [UNAVAILABLE]. */
    private static GatewayProcess gateway;
    /** A command limit of 5 s under backend timeouts of 15 s: a hung store ends the session instead. */
    private static GatewayProcess impatient;

    @BeforeAll
    static void start() throws Exception {
        servers = LocalServers.start(LocalServerSettings.forTests());
        session = CassandraSessions.openMigrated(CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                servers.cassandra().localDatacenter(), KEYSPACE));
        accounts = new Accounts(session, MinioBlobStore.create(MinioBlobStoreConfig.of(URI.create(servers.s3().url()),
                servers.s3().region(), servers.s3().accessKey(), servers.s3().secretKey(), "mailfleet-blobs")));
        // The servers are new: the broadcast's topic is made here, as the delivery worker makes it in a deployment.
        new TopicProvisioner(servers.kafka().bootstrapServers()).createMissing(
                List.of(RealInfrastructureResource.serviceConfig(servers).get("mailfleet.topics.mailbox-events")),
                new TopicLayout(1, (short) 1));
        CompletableFuture<GatewayProcess> first = CompletableFuture.supplyAsync(() -> gateway("2s", "30s", "gateway.log"));
        impatient = gateway("15s", "5s", "impatient.log");
        gateway = first.join();
    }

    private static GatewayProcess gateway(String backendTimeout, String commandTimeout, String log) {
        Map<String, String> settings = new HashMap<>(RealInfrastructureResource.serviceConfig(servers));
        settings.put("mailfleet.cassandra.keyspace", KEYSPACE);
        settings.put("mailfleet.cassandra.request-timeout", backendTimeout);
        settings.put("mailfleet.s3.connect-timeout", backendTimeout);
        settings.put("mailfleet.s3.read-timeout", backendTimeout);
        settings.put("mailfleet.s3.write-timeout", backendTimeout);
        settings.put("mailfleet.imap.command-timeout", commandTimeout);
        settings.put("mailfleet.imap.idle-poll-interval", "500ms");
        settings.put("mailfleet.imap.idle-resync-interval", "10m");
        try {
            return GatewayProcess.start(settings, dir.resolve(log), Duration.ofSeconds(120));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
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
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void withCassandraFrozenTheStoresCommandsAreUnavailableAndAHungCommandEndsTheSession() throws Exception {
        MailAddress user = accounts.create();
        accounts.deliver(user, Accounts.message("Kept", "safe"));
        try (RawImap imap = loggedIn(gateway, user); RawImap waiting = loggedInWithin5s(impatient, user)) {
            assertThat(imap.command("b SELECT INBOX")).contains("* 1 EXISTS", "b OK");
            List<String> answers = new ArrayList<>();
            try (Frozen frozen = Frozen.of(servers, "cassandra")) {
                answers.add(imap.command("c FETCH 1 (FLAGS)"));
                answers.add(imap.command("d FETCH 1 (BODY.PEEK[])"));
                answers.add(imap.command("e STORE 1 +FLAGS (\\Flagged)"));
                answers.add(imap.command("f APPEND INBOX {12}"));
                answers.add(imap.command("g SELECT INBOX"));

                long asked = System.nanoTime();
                waiting.send("h SELECT INBOX");
                assertThat(waiting.readToEnd(Duration.ofSeconds(14))).as("over the 5 s wall clock")
                        .containsExactly("* BYE Command took too long");
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(14));
            }
            assertThat(answers).allSatisfy(answer -> assertThat(answer).doesNotContain(" OK").contains(" NO [UNAVAILABLE]"));
            assertThat(String.join("\n", answers)).doesNotContain("FETCH (", "+ ");
            assertThat(afterThaw(imap, "i SELECT INBOX")).contains("* 1 EXISTS", "i OK");
            assertThat(imap.command("j FETCH 1 (FLAGS)")).contains("j OK").doesNotContain("\\Flagged");
        }
    }

    @Test
    void withS3FrozenBodiesAndAppendsAreUnavailableAndNothingIsAdded() throws Exception {
        MailAddress user = accounts.create();
        accounts.deliver(user, Accounts.message("Kept", "safe"));
        try (RawImap imap = loggedIn(gateway, user)) {
            assertThat(imap.command("b SELECT INBOX")).contains("b OK");
            try (Frozen frozen = Frozen.of(servers, "s3proxy")) {
                assertThat(imap.command("c FETCH 1 (BODY.PEEK[])")).isEqualTo("c NO [UNAVAILABLE] The mail store is unavailable, try again");
                assertThat(imap.command("d FETCH 1 (FLAGS RFC822.SIZE ENVELOPE)")).as("metadata is Cassandra's").contains("d OK");
                imap.send("e APPEND INBOX {12}");
                imap.readUntil(line -> line.startsWith("+"));
                imap.sendRaw("Subject: x\r\n\r\n");
                assertThat(imap.readUntil(line -> line.startsWith("e "))).singleElement().asString()
                        .startsWith("e NO [UNAVAILABLE]");
            }
            assertThat(imap.command("f STATUS INBOX (MESSAGES)")).as("nothing added").contains("MESSAGES 1", "f OK");
            assertThat(afterThaw(imap, "g FETCH 1 (BODY.PEEK[TEXT])")).contains("safe", "g OK");
        }
    }

    /**
     * SEARCH BODY and TEXT answer from the stored search texts: through imaplib, with S3 frozen (a read of a body
     * would answer NO [UNAVAILABLE] after 2 s), strings found only once the bodies are decoded.
     */
    @Test
    void withS3FrozenImaplibSearchesBodiesByTheirDecodedText() throws Exception {
        MailAddress user = accounts.create();
        String mime = "MIME-Version: 1.0\nContent-Type: ";
        accounts.deliver(user, Accounts.message("Latin-1", "").replace("\n\n", "\n" + mime
                + "text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: base64\n\n")
                + "R3L832UgYXVzIEv2bG4gdW5kIGRhcyBaYXViZXJ3b3J0Lg0K\n");
        accounts.deliver(user, Accounts.message("HTML", "").replace("\n\n", "\n" + mime + "text/html\n\n")
                + "<p>Fish &amp; <b>Chips</b></p>\n");
        accounts.deliver(user, Accounts.message("Quarterly figures", "nothing special"));

        String output;
        try (Frozen frozen = Frozen.of(servers, "s3proxy")) {
            output = PythonImaplib.run(dir, "fulltext_search_session.py", "127.0.0.1", Integer.toString(gateway.port()),
                    user.toString(), Accounts.PASSWORD);
        }

        assertThat(PythonImaplib.line(output, "BODY_BASE64_WORD")).isEqualTo("BODY_BASE64_WORD OK 1");
        assertThat(PythonImaplib.line(output, "TEXT_BASE64_WORD_UPPER")).isEqualTo("TEXT_BASE64_WORD_UPPER OK 1");
        assertThat(PythonImaplib.line(output, "BODY_LATIN1_WORD")).isEqualTo("BODY_LATIN1_WORD OK 1");
        assertThat(PythonImaplib.line(output, "BODY_ENCODED_FORM")).isEqualTo("BODY_ENCODED_FORM OK ");
        assertThat(PythonImaplib.line(output, "BODY_HTML_ENTITY")).isEqualTo("BODY_HTML_ENTITY OK 2");
        assertThat(PythonImaplib.line(output, "BODY_HTML_TAG")).isEqualTo("BODY_HTML_TAG OK ");
        assertThat(PythonImaplib.line(output, "TEXT_SUBJECT")).isEqualTo("TEXT_SUBJECT OK 3");
        assertThat(PythonImaplib.line(output, "BODY_SUBJECT")).isEqualTo("BODY_SUBJECT OK ");
        assertThat(PythonImaplib.line(output, "BODY_ABSENT")).isEqualTo("BODY_ABSENT OK ");
    }

    /**
     * BODY and TEXT answer from the rows' text signatures and the texts of the messages those do not rule out,
     * with S3 frozen: a match, a non-match, a row without a signature (written before rows kept them), and the
     * same answers in the mailbox messages were copied and moved to, and after an expunge. The copies keep
     * their originals' signatures.
     */
    @Test
    void withS3FrozenBodySearchesHoldThroughCopiesMovesAndExpunges() throws Exception {
        MailAddress user = accounts.create();
        accounts.deliver(user, Accounts.message("One", "the zebra crossing"));
        accounts.deliver(user, Accounts.message("Two", "a quiet afternoon"));
        accounts.deliverWithoutSignature(user, Accounts.message("Three", "ZEBRAS before signatures"));
        accounts.deliver(user, Accounts.message("Four", "another zebra here"));
        try (RawImap imap = loggedIn(gateway, user)) {
            assertThat(imap.command("b SELECT INBOX")).contains("* 4 EXISTS", "b OK");
            assertThat(imap.command("c CREATE Archive")).contains("c OK");
            assertThat(imap.command("d UID COPY 1:2 Archive")).contains("d OK");
            assertThat(imap.command("e UID MOVE 3 Archive")).contains("e OK");
            assertThat(imap.command("f UID STORE 4 +FLAGS.SILENT (\\Deleted)")).contains("f OK");
            assertThat(imap.command("g EXPUNGE")).contains("g OK");
            try (Frozen frozen = Frozen.of(servers, "s3proxy")) {
                assertThat(imap.command("h UID SEARCH BODY zebra")).containsSubsequence("* SEARCH 1\r\n", "h OK");
                assertThat(imap.command("i UID SEARCH BODY nowhere")).containsSubsequence("* SEARCH\r\n", "i OK");
                assertThat(imap.command("j SELECT Archive")).contains("* 3 EXISTS", "j OK");
                assertThat(imap.command("k UID SEARCH BODY Zebra")).containsSubsequence("* SEARCH 1 3\r\n", "k OK");
                assertThat(imap.command("l UID SEARCH TEXT zebra")).containsSubsequence("* SEARCH 1 3\r\n", "l OK");
                assertThat(imap.command("m UID SEARCH TEXT \"subject: two\"")).as("a header field, the body's signature ruling it out")
                        .containsSubsequence("* SEARCH 2\r\n", "m OK");
                assertThat(imap.command("n UID SEARCH BODY ze")).as("shorter than a trigram").containsSubsequence("* SEARCH 1 3\r\n", "n OK");
                assertThat(imap.command("o UID SEARCH NOT BODY zebra")).containsSubsequence("* SEARCH 2\r\n", "o OK");
            }
        }
        MailboxId archive = new CassandraMailboxRepository(session, Clock.systemUTC())
                .find(user.lookupKey(), MailboxPath.parse("Archive")).orElseThrow().id();
        assertThat(new CassandraMessageRepository(session).searchRows(archive, Uid.MIN, Uid.MAX, 10))
                .extracting(row -> row.textSignature() != null).containsExactly(true, true, false);
    }

    @Test
    void aBodyReadFailingAfterItsLiteralBeganClosesTheConnection() throws Exception {
        MailAddress user = accounts.create();
        String large = accounts.deliver(user, Accounts.message("Large", "0123456789abcdef".repeat(3 << 20)));
        try (RawImap imap = loggedIn(gateway, user)) {
            assertThat(imap.command("b SELECT INBOX")).contains("b OK");
            imap.send("c FETCH 1 (BODY.PEEK[])");
            assertThat(imap.readUntil(line -> line.startsWith("* 1 FETCH")).get(0)).endsWith("{" + large.length() + "}");
            assertThat(imap.readOctets(64 * 1024)).hasSize(64 * 1024);
            try (Frozen frozen = Frozen.of(servers, "s3proxy")) {
                byte[] rest = imap.readOctets(large.length());
                assertThat(rest.length).as("octets after the freeze").isLessThan(large.length() - 64 * 1024);
            }
        }
        assertThat(gateway.metrics()).containsPattern("mailfleet_imap_body_streams_aborted_total [1-9]");
    }

    @Test
    void withKafkaFrozenIdlePollsTheStore() throws Exception {
        MailAddress user = accounts.create();
        accounts.deliver(user, Accounts.message("Kept", "safe"));
        awaitPushConnected("1.0");
        try (RawImap imap = loggedIn(gateway, user)) {
            assertThat(imap.command("b SELECT INBOX")).contains("* 1 EXISTS", "b OK");
            try (Frozen frozen = Frozen.of(servers, "kafka")) {
                awaitPushConnected("0.0");
                imap.send("c IDLE");
                imap.readUntil(line -> line.startsWith("+"));
                // Straight into the store, with no event: only polling can tell the session.
                accounts.deliver(user, Accounts.message("Polled", "while Kafka is down"));
                assertThat(imap.readUntil(line -> line.equals("* 2 EXISTS"))).last().isEqualTo("* 2 EXISTS");
                imap.send("DONE");
                imap.readUntil(line -> line.startsWith("c OK"));
            }
        }
    }

    /** The command's answer once it is not NO [UNAVAILABLE]: the clients reconnect to a thawed server by themselves. */
    private static String afterThaw(RawImap imap, String command) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String answer = imap.command(command);
        while (answer.contains("NO [UNAVAILABLE]") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            answer = imap.command(command);
        }
        return answer;
    }

    /** Logged in on the impatient instance, whose 5 s limit a login on a loaded machine may overrun: tried again then. */
    private static RawImap loggedInWithin5s(GatewayProcess instance, MailAddress user) throws IOException {
        for (int attempt = 1; ; attempt++) {
            RawImap imap = RawImap.connect(instance.port());
            try {
                assertThat(imap.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
                return imap;
            } catch (AssertionError e) {
                imap.close();
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static RawImap loggedIn(GatewayProcess instance, MailAddress user) throws IOException {
        RawImap imap = RawImap.connect(instance.port());
        assertThat(imap.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
        return imap;
    }

    private static void awaitPushConnected(String value) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String gauge = "";
        while (System.nanoTime() < deadline) {
            gauge = gateway.metrics().lines().filter(line -> line.startsWith("mailfleet_imap_push_connected")).findFirst().orElse("");
            if (gauge.endsWith(" " + value)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("mailfleet_imap_push_connected never became " + value + ": " + gauge);
    }

    /** One of this class's servers stopped with SIGSTOP until {@link #close()} sends SIGCONT. */
    private record Frozen(List<Long> pids) implements AutoCloseable {

        static Frozen of(LocalServers servers, String name) throws IOException, InterruptedException {
            Frozen frozen = new Frozen(servers.pids().get(name));
            frozen.signal("-STOP");
            return frozen;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            signal("-CONT");
        }

        private void signal(String signal) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("kill", signal));
            pids.forEach(pid -> command.add(Long.toString(pid)));
            new ProcessBuilder(command).inheritIO().start().waitFor();
        }
    }
}
