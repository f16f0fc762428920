package io.mailfleet.local;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.cassandra.CassandraAliasRepository;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.testing.process.LocalServerSettings;
import io.mailfleet.testing.process.LocalServers;
import io.mailfleet.testing.process.Ports;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the launcher behind {@code ./mailfleet up --scale smtp-ingress=2} on a data folder: mail goes
 * in through both smtp-ingress instances (the second listed with its own ports) and comes out over
 * POP3, and the admin CLI works. Stopped by SIGTERM, as {@code ./mailfleet down} stops it (Ctrl-C's
 * SIGINT runs the same JVM shutdown hooks), it leaves no process and no bound port. The servers,
 * started again on that data folder and its ports and provisioned again, still
 * have what the stack stored: a second start of the services as well would cost the build a minute
 * and show nothing more about the data.
 */
class LocalStackIT {

    @TempDir
    Path data;

    private final List<Process> launched = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        launched.forEach(Process::destroyForcibly);
    }

    /**
     * A free port whose second instance's port ({@link LocalService#INSTANCE_PORT_STEP} above) is free
     * too: a full build once found that one taken by another process.
     */
    private static int freeWithSecondInstance() {
        for (int attempt = 0; ; attempt++) {
            int port = Ports.free();
            if (attempt == 50 || freeNow(port + LocalService.INSTANCE_PORT_STEP)) {
                return port;
            }
        }
    }

    private static boolean freeNow(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void scaledUpThenDownLeavesNothingBehindAndKeepsItsData() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "MAILFLEET_KAFKA_PORT", Integer.toString(Ports.free()),
                "MAILFLEET_KAFKA_CONTROLLER_PORT", Integer.toString(Ports.free()),
                "MAILFLEET_CASSANDRA_PORT", Integer.toString(Ports.free()),
                "MAILFLEET_CASSANDRA_STORAGE_PORT", Integer.toString(Ports.free()),
                "MAILFLEET_S3_PORT", Integer.toString(Ports.free())));
        for (LocalService service : LocalService.ALL) {
            service.ports().forEach(port -> env.put(port.variable(), Integer.toString(freeWithSecondInstance())));
        }
        Map<String, String> ports = Map.copyOf(env);

        Launched scaled = up(ports, "--scale", "smtp-ingress=2");
        int secondMx = Integer.parseInt(ports.get("MAILFLEET_SMTP_MX_PORT")) + LocalService.INSTANCE_PORT_STEP;
        assertThat(scaled.output()).as("what up prints").contains("smtp-ingress-2").contains("MX 127.0.0.1:" + secondMx);
        MinioClient s3 = MinioClient.builder()
                .endpoint("http://127.0.0.1:" + ports.get("MAILFLEET_S3_PORT"))
                .credentials("mailfleet", "mailfleet-local-secret").region("us-east-1").build();
        byte[] body = "kept across restarts".getBytes(StandardCharsets.US_ASCII);
        s3.putObject(PutObjectArgs.builder().bucket("mailfleet-blobs").object("kept")
                .stream(new ByteArrayInputStream(body), body.length, -1).build());
        MailboxId mailbox;
        try (CqlSession session = CassandraSessions.open(cassandra(ports))) {
            mailbox = new CassandraMailboxRepository(session, Clock.systemUTC())
                    .create("kept@example.test", MailboxPath.INBOX, Optional.empty()).mailbox().id();
        }
        AdminClient admin = new AdminClient("http://127.0.0.1:" + ports.get("MAILFLEET_ADMIN_PORT"),
                AdminToken.read(data.resolve("run/admin-token")));
        assertThat(admin.get("/api/v1/accounts/demo@example.test").status()).as("seeded demo account").isEqualTo(200);
        assertThat(AdminCli.run(admin, List.of("user", "add", "cli@example.test", "--password", "pw"))).isZero();
        assertThat(AdminCli.run(admin, List.of("user", "add", "CLI@example.test", "--password", "pw"))).as("duplicate").isEqualTo(1);
        assertThat(AdminCli.run(admin, List.of("alias", "add", "team@example.test", "cli@example.test", "demo@example.test"))).isZero();
        assertThat(AdminCli.run(admin, List.of("user", "add", "nopassword@example.test"))).as("usage").isEqualTo(2);
        assertThat(AdminCli.run(admin, List.of("user", "list", "example.test"))).isZero();
        assertThat(smtpDialogue(Integer.parseInt(ports.get("MAILFLEET_SMTP_MX_PORT")), "first")).as("mail to the demo account")
                .contains("250 2.0.0");
        // Another body: the same content to the same recipient within minutes is delivered once.
        assertThat(smtpDialogue(secondMx, "second")).as("mail through the second instance").contains("250 2.0.0");
        assertThat(awaitInboxMessages(ports, "demo@example.test", 2)).as("both delivered into the demo INBOX").isTrue();
        assertThat(pop3Retrieve(Integer.parseInt(ports.get("MAILFLEET_POP3_PORT")))).as("read back over POP3")
                .contains("STAT 2").contains("Subject: local stack");
        List<Integer> scaledPorts = new ArrayList<>(bound(ports));
        for (String variable : List.of("MAILFLEET_SMTP_MX_PORT", "MAILFLEET_SMTP_SUBMISSION_PORT", "MAILFLEET_SMTP_SUBMISSIONS_PORT",
                "MAILFLEET_SMTP_HTTP_PORT")) {
            scaledPorts.add(Integer.parseInt(ports.get(variable)) + LocalService.INSTANCE_PORT_STEP);
        }
        stopAndCheckNothingRemains(scaled.process(), "TERM", scaledPorts);

        env.put("MAILFLEET_DATA", data.toString());
        LocalStackSettings settings = LocalStackSettings.fromEnvironment(Path.of(System.getProperty("mailfleet.home")), env);
        LocalServerSettings launchers = settings.servers();
        // Its folders and ports; quick start only skips waits and JIT tiers, nothing about the data.
        LocalServerSettings again = new LocalServerSettings(launchers.baseDir(), launchers.deleteOnClose(), true,
                launchers.inMemoryS3(), launchers.kafkaPort(), launchers.kafkaControllerPort(), launchers.cassandraPort(),
                launchers.cassandraStoragePort(), launchers.s3Port(), launchers.s3AccessKey(), launchers.s3SecretKey());
        try (LocalServers servers = LocalServers.start(again)) {
            Provisioning.run(servers, settings);
            assertThat(s3.statObject(StatObjectArgs.builder().bucket("mailfleet-blobs").object("kept").build()).size())
                    .isEqualTo(body.length);
            try (CqlSession session = CassandraSessions.open(cassandra(ports))) {
                assertThat(new CassandraMailboxRepository(session, Clock.systemUTC()).findById(mailbox)).isPresent();
                assertThat(new CassandraAliasRepository(session).find("team@example.test")).as("alias kept across restarts")
                        .isPresent();
            }
            assertThat(awaitInboxMessages(ports, "demo@example.test", 2)).as("delivered mail kept across restarts").isTrue();
        }
    }

    /** Python's poplib, over STLS, as the demo user: the message count and the first message. */
    private static String pop3Retrieve(int port) throws IOException, InterruptedException {
        String script = String.join("\n",
                "import poplib, ssl, sys",
                "p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=30)",
                "p.stls(context=ssl._create_unverified_context())",
                "p.user('demo@example.test'); p.pass_('demo')",
                "print('STAT', p.stat()[0])",
                "print(b'\\n'.join(p.retr(1)[1]).decode())",
                "p.quit()");
        Process python = new ProcessBuilder("python3", "-c", script, Integer.toString(port)).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        return output;
    }

    private static boolean awaitInboxMessages(Map<String, String> ports, String account, long count) throws InterruptedException {
        try (CqlSession session = CassandraSessions.open(cassandra(ports))) {
            CassandraMailboxRepository mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
            io.mailfleet.store.cassandra.CassandraMessageRepository messages = new io.mailfleet.store.cassandra.CassandraMessageRepository(session);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (mailboxes.find(account, MailboxPath.INBOX).map(m -> messages.counters(m.id()).messages()).orElse(0L) >= count) {
                    return true;
                }
                Thread.sleep(200);
            }
            return false;
        }
    }

    /** A plain SMTP transaction to the demo account, one command at a time; returns the server's replies. */
    private static String smtpDialogue(int port, String body) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            java.io.OutputStream out = socket.getOutputStream();
            StringBuilder replies = new StringBuilder(reply(in));
            for (String command : List.of("EHLO it.example.org", "MAIL FROM:<it@example.org>", "RCPT TO:<demo@example.test>",
                    "DATA", "Subject: local stack\r\n\r\n" + body + "\r\n.", "QUIT")) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                replies.append(reply(in));
            }
            return replies.toString();
        }
    }

    /** One reply, all its lines: continuation lines have a hyphen after the code. */
    private static String reply(BufferedReader in) throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            reply.append(line).append('\n');
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return reply.toString();
    }

    private static CassandraConfig cassandra(Map<String, String> ports) {
        return CassandraConfig.singleNode(new InetSocketAddress("127.0.0.1", Integer.parseInt(ports.get("MAILFLEET_CASSANDRA_PORT"))),
                "datacenter1", "mailfleet");
    }

    /** A running launcher and what it printed up to "mailfleet is up" and the report after it. */
    private record Launched(Process process, String output) {
    }

    private Launched up(Map<String, String> ports, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmailfleet.home=" + System.getProperty("mailfleet.home"),
                "-cp", System.getProperty("java.class.path"), LocalStack.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(ports);
        builder.environment().put("MAILFLEET_DATA", data.toString());
        Process launcher = builder.start();
        launched.add(launcher);

        BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("mailfleet is up")) {
            seen.append(line).append('\n');
        }
        assertThat(line).as("launcher output:\n%s", seen).startsWith("mailfleet is up");
        while ((line = out.readLine()) != null && !line.startsWith("Ctrl-C")) {
            seen.append(line).append('\n');
        }
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }));
        drain.setDaemon(true);
        drain.start();
        return new Launched(launcher, seen.toString());
    }

    private static List<Integer> bound(Map<String, String> ports) {
        return ports.values().stream().map(Integer::parseInt).toList();
    }

    private static void stopAndCheckNothingRemains(Process launcher, String signal, List<Integer> ports)
            throws Exception {
        List<ProcessHandle> servers = launcher.descendants().toList();
        assertThat(servers).as("server processes under the launcher").hasSizeGreaterThanOrEqualTo(3);

        new ProcessBuilder("kill", "-" + signal, Long.toString(launcher.pid())).start().waitFor();

        assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as("launcher stopped").isTrue();
        assertThat(servers).noneMatch(ProcessHandle::isAlive);
        for (int port : ports) {
            assertThat(Ports.accepts("127.0.0.1", port)).as("port %s still bound", port).isFalse();
        }
    }
}
