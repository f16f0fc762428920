package io.mailfleet.smtp.ingress.service;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
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
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service, stopped with SIGTERM while one client is in the middle of a message and
 * another is idle: new sessions get 421, the message in flight still gets its 250, and the idle
 * session gets 421 when the grace period ends (RFC 5321 §3.8). The scenario starts once the service
 * is ready and one message has gone all the way through, so that no first connection to a backend
 * eats into the grace period on a loaded machine.
 */
@ExtendWith(RealInfrastructureExtension.class)
class GracefulShutdownIT {

    @TempDir
    Path dir;

    @Test
    void inFlightMailFinishesAndIdleSessionsGet421(Infrastructure servers) throws Exception {
        try (CqlSession session = CassandraSessions.openMigrated(CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                servers.cassandra().localDatacenter(), ModuleNames.keyspace()))) {
            new CassandraDomainRepository(session, Clock.systemUTC()).create(Domain.parse("shutdown.test"));
            new CassandraAccountRepository(session).create(new Account(MailAddress.parse("a@shutdown.test"), "$argon2id$unused",
                    OptionalLong.empty(), Instant.now()));
        }
        int smtp = Ports.free();
        int http = Ports.free();
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertThat(jar).exists();
        ServerProcess service = ServerProcess.start("smtp-ingress", List.of(), List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + http,
                "-Dmailfleet.smtp.bind-address=127.0.0.1",
                "-Dmailfleet.smtp.mx-port=" + smtp,
                "-Dmailfleet.smtp.submission-port=" + Ports.free(),
                "-Dmailfleet.smtp.shutdown-grace=8s",
                "-Dmailfleet.cassandra.contact-point=" + servers.cassandra().host() + ":" + servers.cassandra().port(),
                "-Dmailfleet.cassandra.keyspace=" + ModuleNames.keyspace(),
                "-Dmailfleet.kafka.bootstrap-servers=" + servers.kafka().bootstrapServers(),
                // The module's own topic: the servers may be the whole build's, which later modules consume from.
                "-Dmailfleet.topics.inbound=" + RealInfrastructureResource.serviceConfig(servers).get("mailfleet.topics.inbound"),
                "-Dmailfleet.s3.endpoint=" + servers.s3().url(),
                "-Dmailfleet.s3.access-key=" + servers.s3().accessKey(),
                "-Dmailfleet.s3.secret-key=" + servers.s3().secretKey(),
                "-jar", jar.toString()), dir, dir.resolve("service.log"), Duration.ofSeconds(30));
        try {
            service.awaitReady(Duration.ofSeconds(90), () -> service.logContains("SMTP mx listening") && Readiness.ready(http));
            try (Socket warmUp = new Socket("127.0.0.1", smtp)) {
                warmUp.setSoTimeout(30_000);
                BufferedReader in = reader(warmUp);
                assertThat(in.readLine()).startsWith("220");
                for (String command : List.of("HELO warm.example.org", "MAIL FROM:<warm@example.org>", "RCPT TO:<a@shutdown.test>",
                        "DATA")) {
                    write(warmUp, command);
                    in.readLine();
                }
                write(warmUp, "Subject: warm-up\r\n\r\nbefore the scenario\r\n.");
                assertThat(in.readLine()).as("the warm-up message").startsWith("250 2.0.0");
            }
            try (Socket busy = new Socket("127.0.0.1", smtp); Socket idle = new Socket("127.0.0.1", smtp)) {
                busy.setSoTimeout(30_000);
                idle.setSoTimeout(30_000);
                BufferedReader busyIn = reader(busy);
                BufferedReader idleIn = reader(idle);
                assertThat(busyIn.readLine()).startsWith("220");
                assertThat(idleIn.readLine()).startsWith("220");
                for (String command : List.of("HELO busy.example.org", "MAIL FROM:<busy@example.org>",
                        "RCPT TO:<a@shutdown.test>", "DATA")) {
                    write(busy, command);
                    busyIn.readLine();
                }
                write(busy, "Subject: in flight\r\n\r\nstill being written when the service is told to stop");

                long jvm = service.processes().stream().filter(p -> p.info().command().orElse("").endsWith("java"))
                        .findFirst().orElseThrow().pid();
                new ProcessBuilder("kill", "-TERM", Long.toString(jvm)).start().waitFor();
                Thread.sleep(1000);

                try (Socket late = new Socket("127.0.0.1", smtp)) {
                    late.setSoTimeout(10_000);
                    assertThat(reader(late).readLine()).as("a new session while stopping").startsWith("421 4.3.2");
                }
                write(busy, ".");
                assertThat(busyIn.readLine()).as("the transaction in flight completes").startsWith("250 2.0.0");
                assertThat(idleIn.readLine()).as("the idle session at the end of the grace").startsWith("421 4.3.2");
            }
        } finally {
            service.close();
        }
        assertThat(Files.readString(dir.resolve("service.log"))).doesNotContain("Exception in thread");
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
