package io.mailfleet.pop3.gateway.runtime;

import io.mailfleet.testing.clients.SlowClients;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.pop3.gateway.Mailboxes;
import io.mailfleet.pop3.gateway.server.Backends;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.ServiceProcess;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.mailfleet.testing.tls.TrustingAnyone;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and greedy POP3 clients: slowloris on both listeners (a byte a second of a command line, or
 * of a TLS handshake record), 1,000 connections each trickling a command a byte a second, and a
 * client that pipelines twenty RETRs of a large message and never reads. Meanwhile another client
 * logs in and retrieves its mail every other second, and the gateway's resident memory stays within
 * bounds. The gateway under attack is a child process on this test's servers, so that its memory is
 * its own: not this test's clients', nor what earlier tests left in the test JVM.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.pop3"))
class Pop3GreedyClientsIT {

    private static final int TRICKLERS = 1000;
    private static final int SLOWLORIS_PER_LISTENER = 50;
    /** The gateway's TLS handshake timeout, short so that the attack need not last Vert.x's default 10 s. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);
    /**
     * Longer than the handshake timeout and the two trickles that find its closes, and long enough for
     * four normal sessions, one every other second.
     */
    private static final Duration ATTACK = Duration.ofSeconds(8);
    private static final int LARGE_MESSAGE = 8 * 1024 * 1024;
    private static final int UNREAD_RETRS = 20;
    /**
     * What the attack may add to resident memory: well below the 160 MB of the unread RETRs' bodies,
     * so a server that queued what it cannot send, instead of waiting for the socket to drain, fails.
     */
    private static final long RSS_BOUND = 64L * 1024 * 1024;

    /** What the child gateway shares with the instance under test: servers, keyspace, topics, certificate. */
    private static final List<String> SHARED = List.of("mailfleet.kafka.bootstrap-servers", "mailfleet.cassandra.contact-point",
            "mailfleet.cassandra.local-datacenter", "mailfleet.cassandra.keyspace", "mailfleet.s3.endpoint",
            "mailfleet.s3.region", "mailfleet.s3.access-key", "mailfleet.s3.secret-key", "mailfleet.pop3.tls-certificate",
            "mailfleet.pop3.tls-key", "mailfleet.topics.inbound", "mailfleet.topics.outbound",
            "mailfleet.topics.mailbox-events", "mailfleet.topics.dead-letter", "mailfleet.topics.directory-events");

    @Inject
    Backends backends;

    @Test
    void slowAndGreedyClientsCostBoundedMemoryAndOthersAreServed() throws Exception {
        Mailboxes mailboxes = new Mailboxes(backends);
        MailAddress greedy = mailboxes.account();
        mailboxes.deliver(greedy, Mailboxes.message("Large", "0123456789abcdef".repeat(LARGE_MESSAGE / 16)));
        MailAddress normal = mailboxes.account();
        mailboxes.deliver(normal, Mailboxes.message("Small", "a small body"));
        int plain = Ports.free();
        int tls = Ports.free();
        Config running = ConfigProvider.getConfig();
        Map<String, String> settings = new TreeMap<>();
        SHARED.forEach(name -> settings.put(name, running.getValue(name, String.class)));
        settings.putAll(Map.of("mailfleet.pop3.port", Integer.toString(plain), "mailfleet.pop3.tls-port", Integer.toString(tls),
                "mailfleet.pop3.bind-address", "127.0.0.1",
                // Every connection comes from 127.0.0.1: the per-address limits would refuse the attack before it starts.
                "mailfleet.pop3.max-connections", "2000", "mailfleet.pop3.max-connections-per-ip", "2000",
                "mailfleet.pop3.max-connection-rate-per-ip", "100000",
                "mailfleet.pop3.tls-handshake-timeout", HANDSHAKE_TIMEOUT.toMillis() + "ms"));
        Path log = Files.createDirectories(Path.of("target", "greedy-clients")).resolve("gateway.log");

        List<Socket> attackers = new ArrayList<>();
        List<Socket> handshakes = new ArrayList<>();
        try (ServiceProcess gateway = ServiceProcess.start(settings, List.of(plain, tls), log, Duration.ofMinutes(2))) {
            normalSession(tls, normal);
            long before = gateway.residentBytes();
            // First, so that a server that queued what it cannot send would have the whole attack to grow.
            attackers.add(nonReader(tls, greedy));
            for (int i = 0; i < SLOWLORIS_PER_LISTENER; i++) {
                attackers.add(new Socket("127.0.0.1", plain));
                Socket handshake = new Socket("127.0.0.1", tls);
                // A TLS handshake record of 512 octets announced, whose octets then come one a second.
                handshake.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
                handshakes.add(handshake);
            }
            for (int i = 0; i < TRICKLERS; i++) {
                Socket socket = new Socket("127.0.0.1", plain);
                socket.getOutputStream().write("USER ".getBytes(StandardCharsets.US_ASCII));
                attackers.add(socket);
            }

            List<Long> sessions = new ArrayList<>();
            long peak = gateway.residentBytes();
            int closedByServer = 0;
            int handshakesClosed = 0;
            long end = System.nanoTime() + ATTACK.toNanos();
            for (int second = 0; System.nanoTime() < end; second++) {
                long started = System.nanoTime();
                closedByServer = SlowClients.trickle(attackers);
                handshakesClosed = SlowClients.trickle(handshakes);
                if (second % 2 == 1) {
                    long sessionStart = System.nanoTime();
                    normalSession(tls, normal);
                    sessions.add((System.nanoTime() - sessionStart) / 1_000_000);
                }
                peak = Math.max(peak, gateway.residentBytes());
                Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - started) / 1_000_000));
            }
            System.out.printf("Pop3GreedyClientsIT: %d tricklers, %d slowloris, 1 non-reader; resident %d MB before,"
                    + " %d MB at most during the attack (the gateway's process);"
                    + " normal login+STAT+RETR sessions took %s ms; %d attacking connections closed by the server,"
                    + " %d of the handshake slowloris%n",
                    TRICKLERS, 2 * SLOWLORIS_PER_LISTENER, before >> 20, peak >> 20, sessions, closedByServer, handshakesClosed);
            assertThat(sessions).as("normal sessions served during the attack").hasSizeGreaterThanOrEqualTo(3);
            assertThat(handshakesClosed).as("TLS handshakes trickled a byte a second, ended by the handshake timeout")
                    .isEqualTo(SLOWLORIS_PER_LISTENER);
            assertThat(peak - before).as("resident memory the attack added").isLessThan(RSS_BOUND);
        } finally {
            for (Socket socket : attackers) {
                socket.close();
            }
            for (Socket socket : handshakes) {
                socket.close();
            }
        }
    }

    /** Over TLS: USER, PASS, STAT, RETR 1 and QUIT, every answer +OK and the message whole. */
    private static void normalSession(int port, MailAddress user) throws IOException {
        try (Socket socket = TrustingAnyone.context().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("+OK");
            for (String command : List.of("USER " + user, "PASS " + Mailboxes.PASSWORD, "STAT", "RETR 1")) {
                out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(in.readLine()).as(command).startsWith("+OK");
            }
            StringBuilder message = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.equals("."); line = in.readLine()) {
                message.append(line).append('\n');
            }
            assertThat(message).contains("a small body");
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("+OK");
        }
    }

    /** Logged in, it pipelines its RETRs of the large message (RFC 2449 PIPELINING) and then reads nothing. */
    private static SSLSocket nonReader(int port, MailAddress user) throws IOException {
        SSLSocket socket = (SSLSocket) TrustingAnyone.context().getSocketFactory().createSocket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        // Its login waits on Cassandra, which the build shares with every module's tests: a full build
        // once kept its pipelined USER and PASS unanswered for 15 s. What is measured here is memory.
        socket.setSoTimeout(60_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        assertThat(in.readLine()).startsWith("+OK");
        out.write(("USER " + user + "\r\nPASS " + Mailboxes.PASSWORD + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(in.readLine()).startsWith("+OK");
        assertThat(in.readLine()).startsWith("+OK");
        out.write("RETR 1\r\n".repeat(UNREAD_RETRS).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
