package io.mailfleet.pop3.gateway.service;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.auth.Argon2Parameters;
import io.mailfleet.auth.Argon2idPasswordHasher;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.ModuleNames;
import io.mailfleet.testing.RealInfrastructureExtension;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.Readiness;
import io.mailfleet.testing.process.ServerProcess;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged gateway, stopped with SIGTERM while one client is about to QUIT with a deletion and
 * another is idle: new sessions are refused, the QUIT still deletes, and the idle session is closed
 * at the end of the grace period without deleting anything (RFC 1939 §6). The scenario starts once
 * the gateway is ready and a first session has logged in and quit, so that no first connection to a
 * backend eats into the grace period on a loaded machine.
 */
@ExtendWith(RealInfrastructureExtension.class)
class GracefulShutdownIT {

    @TempDir
    Path dir;

    @Test
    void aQuitInProgressStillDeletesAndIdleSessionsAreClosedAtTheEndOfTheGrace(Infrastructure servers) throws Exception {
        MailAddress busyUser = MailAddress.parse("busy@shutdown.test");
        MailAddress idleUser = MailAddress.parse("idle@shutdown.test");
        MailAddress warmUpUser = MailAddress.parse("warm-up@shutdown.test");
        Mailbox busyInbox;
        Mailbox idleInbox;
        try (CqlSession session = CassandraSessions.openMigrated(CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                servers.cassandra().localDatacenter(), ModuleNames.keyspace()))) {
            new CassandraDomainRepository(session, Clock.systemUTC()).create(Domain.parse("shutdown.test"));
            String hash = new Argon2idPasswordHasher(Argon2Parameters.TESTING).hash("pw");
            CassandraMailboxRepository mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
            CassandraMessageRepository messages = new CassandraMessageRepository(session);
            MessageIdGenerator ids = new MessageIdGenerator();
            for (MailAddress user : List.of(busyUser, idleUser, warmUpUser)) {
                new CassandraAccountRepository(session).create(new Account(user, hash, OptionalLong.empty(), Instant.now()));
                Mailbox inbox = mailboxes.create(user.lookupKey(), MailboxPath.INBOX, Optional.empty()).mailbox();
                messages.append(inbox.id(), new NewMessage(ids.next(), "sha256/unused-by-this-test", 100, Instant.now(), Flags.EMPTY));
            }
            busyInbox = mailboxes.find(busyUser.lookupKey(), MailboxPath.INBOX).orElseThrow();
            idleInbox = mailboxes.find(idleUser.lookupKey(), MailboxPath.INBOX).orElseThrow();
        }
        int pop3 = Ports.free();
        int http = Ports.free();
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + http, "-Dmailfleet.pop3.bind-address=127.0.0.1", "-Dmailfleet.pop3.port=" + pop3,
                "-Dmailfleet.pop3.allow-plaintext-auth=true", "-Dmailfleet.pop3.shutdown-grace=8s"));
        RealInfrastructureResource.serviceConfig(servers).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        ServerProcess service = ServerProcess.start("pop3-gateway", List.of(), command, dir, dir.resolve("service.log"),
                Duration.ofSeconds(30));
        try {
            service.awaitReady(Duration.ofSeconds(90), () -> service.logContains("POP3 pop3 listening") && Readiness.ready(http));
            try (Socket warmUp = new Socket("127.0.0.1", pop3)) {
                BufferedReader in = login(warmUp, warmUpUser);
                write(warmUp, "QUIT");
                assertThat(in.readLine()).as("the warm-up session, which deletes nothing").startsWith("+OK");
            }
            try (Socket busy = new Socket("127.0.0.1", pop3); Socket idle = new Socket("127.0.0.1", pop3)) {
                BufferedReader busyIn = login(busy, busyUser);
                login(idle, idleUser);
                write(busy, "DELE 1");
                assertThat(busyIn.readLine()).startsWith("+OK");

                long jvm = service.processes().stream().filter(p -> p.info().command().orElse("").endsWith("java"))
                        .findFirst().orElseThrow().pid();
                new ProcessBuilder("kill", "-TERM", Long.toString(jvm)).start().waitFor();
                Thread.sleep(1000);

                try (Socket late = new Socket("127.0.0.1", pop3)) {
                    late.setSoTimeout(10_000);
                    assertThat(reader(late).readLine()).as("a new session while stopping").startsWith("-ERR [SYS/TEMP]");
                }
                write(busy, "QUIT");
                assertThat(busyIn.readLine()).as("the QUIT in progress completes").startsWith("+OK");
                assertThat(reader(idle).readLine()).as("the idle session at the end of the grace")
                        .startsWith("-ERR [SYS/TEMP]").contains("nothing was deleted");
            }
        } finally {
            service.close();
        }
        try (CqlSession session = CassandraSessions.open(CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                servers.cassandra().localDatacenter(), ModuleNames.keyspace()))) {
            CassandraMessageRepository messages = new CassandraMessageRepository(session);
            assertThat(messages.list(busyInbox.id())).as("deleted by the QUIT").isEmpty();
            assertThat(messages.list(idleInbox.id())).as("kept: that session never quit").hasSize(1);
        }
        assertThat(Files.readString(dir.resolve("service.log"))).doesNotContain("Exception in thread");
    }

    private static BufferedReader login(Socket socket, MailAddress user) throws IOException {
        socket.setSoTimeout(30_000);
        BufferedReader in = reader(socket);
        assertThat(in.readLine()).startsWith("+OK");
        write(socket, "USER " + user);
        assertThat(in.readLine()).startsWith("+OK");
        write(socket, "PASS pw");
        assertThat(in.readLine()).as("logged in").startsWith("+OK");
        return in;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void write(Socket socket, String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
