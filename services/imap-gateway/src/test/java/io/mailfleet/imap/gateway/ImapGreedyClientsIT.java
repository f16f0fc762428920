package io.mailfleet.imap.gateway;

import io.mailfleet.testing.clients.SlowClients;
import io.mailfleet.imap.gateway.server.Backends;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.mailfleet.testing.tls.TrustingAnyone;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and greedy clients against one gateway instance, a child process whose memory is its own:
 * slowloris on both listeners (a byte a second of a command line, or of a TLS handshake record),
 * 1,000 connections each trickling an IMAP literal a byte a second, and a client that asks for a
 * large message twenty times over and never reads. Meanwhile another client logs in and fetches
 * normally, every other second, and the instance's resident memory stays within bounds: input is
 * held per connection up to its limits, and a body is sent a chunk at a time as the socket drains.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.imap"))
class ImapGreedyClientsIT {

    private static final int TRICKLERS = 1000;
    private static final int SLOWLORIS_PER_LISTENER = 50;
    private static final int LITERAL = 1024;
    /** The gateway's TLS handshake timeout, short so that the attack need not last Vert.x's default 10 s. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);
    /**
     * Longer than the handshake timeout and the two trickles that find its closes, and long enough for
     * four normal sessions, one every other second.
     */
    private static final Duration ATTACK = Duration.ofSeconds(8);
    private static final int LARGE_MESSAGE = 8 * 1024 * 1024;
    private static final int UNREAD_FETCHES = 20;
    /**
     * What the attack may add to resident memory: well below the 160 MB of the unread fetches' bodies,
     * so a server that queued what it cannot send, instead of waiting for the socket to drain, fails.
     */
    private static final long RSS_BOUND = 64L * 1024 * 1024;

    @Inject
    Backends backends;

    @Test
    void slowAndGreedyClientsCostBoundedMemoryAndOthersAreServed() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        accounts.deliver(user, Accounts.message("Small", "a small body"));
        accounts.deliver(user, Accounts.message("Large", "0123456789abcdef".repeat(LARGE_MESSAGE / 16)));
        Path log = Files.createDirectories(Path.of("target", "greedy-clients")).resolve("gateway.log");
        // Every connection comes from 127.0.0.1: the per-address limits would refuse the attack before it starts.
        Map<String, String> limits = Map.of("mailfleet.imap.max-connections", "2000",
                "mailfleet.imap.max-connections-per-ip", "2000", "mailfleet.imap.max-connection-rate-per-ip", "100000",
                "mailfleet.imap.tls-handshake-timeout", HANDSHAKE_TIMEOUT.toMillis() + "ms");

        List<Socket> attackers = Collections.synchronizedList(new ArrayList<>());
        List<Socket> handshakes = new ArrayList<>();
        try (GatewayProcess gateway = GatewayProcess.start(log, Duration.ofMinutes(2), limits)) {
            normalSession(gateway, user);
            long before = gateway.residentBytes();
            // First, so that a server that queued what it cannot send would have the whole attack to grow.
            attackers.add(nonReader(gateway.tlsPort(), user));

            for (int i = 0; i < SLOWLORIS_PER_LISTENER; i++) {
                attackers.add(new Socket("127.0.0.1", gateway.port()));
                Socket handshake = new Socket("127.0.0.1", gateway.tlsPort());
                // A TLS handshake record of 512 octets announced, whose octets then come one a second.
                handshake.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
                handshakes.add(handshake);
            }
            ExecutorService connecting = Executors.newFixedThreadPool(8);
            List<Future<Socket>> tricklers = new ArrayList<>();
            for (int i = 0; i < TRICKLERS; i++) {
                int n = i;
                tricklers.add(connecting.submit(() -> literalTrickler(gateway.port(), n)));
            }
            for (Future<Socket> trickler : tricklers) {
                attackers.add(trickler.get());
            }
            connecting.shutdown();

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
                    normalSession(gateway, user);
                    sessions.add((System.nanoTime() - sessionStart) / 1_000_000);
                }
                peak = Math.max(peak, gateway.residentBytes());
                Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - started) / 1_000_000));
            }
            System.out.printf("ImapGreedyClientsIT: %d tricklers, %d slowloris, 1 non-reader; resident %d MB before,"
                    + " %d MB at most during the attack; normal login+select+fetch sessions took %s ms;"
                    + " %d attacking connections closed by the server,"
                    + " %d of the handshake slowloris%n", TRICKLERS, 2 * SLOWLORIS_PER_LISTENER,
                    before >> 20, peak >> 20, sessions, closedByServer, handshakesClosed);
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

    /** Logs in over TLS, selects INBOX and fetches the small message: every step must answer OK. */
    private static void normalSession(GatewayProcess gateway, MailAddress user) throws IOException {
        try (RawImap imap = RawImap.connectTls(gateway.tlsPort())) {
            assertThat(imap.command("n1 LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("n1 OK");
            assertThat(imap.command("n2 SELECT INBOX")).contains("n2 OK");
            assertThat(imap.command("n3 FETCH 1 BODY[]")).contains("a small body").contains("n3 OK");
            imap.command("n4 LOGOUT");
        }
    }

    /** A connection that has announced a literal and been told to go ahead; its octets come one a second. */
    private static Socket literalTrickler(int port, int n) throws IOException {
        RawImap imap = RawImap.connect(port);
        imap.send("t" + n + " LOGIN {" + LITERAL + "}");
        imap.readUntil(line -> line.startsWith("+"));
        return imap.socket();
    }

    /** Logged in and INBOX selected, it sends its fetches of the large message and then reads nothing. */
    private static SSLSocket nonReader(int port, MailAddress user) throws IOException {
        SSLSocket socket = (SSLSocket) TrustingAnyone.context().getSocketFactory().createSocket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        RawImap imap = RawImap.over(socket);
        imap.readUntil(line -> line.startsWith("* OK"));
        assertThat(imap.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
        assertThat(imap.command("b SELECT INBOX")).contains("b OK");
        StringBuilder fetches = new StringBuilder();
        for (int i = 0; i < UNREAD_FETCHES; i++) {
            fetches.append("f").append(i).append(" FETCH 2 BODY.PEEK[]\r\n");
        }
        imap.sendRaw(fetches.toString());
        return socket;
    }
}
