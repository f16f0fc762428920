package io.mailfleet.server;

import io.mailfleet.testing.peers.Certificate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Implicit-TLS listeners over real sockets: the gate admits a connection before its TLS handshake,
 * so a connection beyond the limits costs no handshake; the PROXY header still comes before TLS; and
 * every handshake uses the one SSL context built when the server started, never one an event loop
 * had to build; a handshake that takes longer than the configured timeout is closed.
 */
class ImplicitTlsTest {

    private static final int PER_ADDRESS = 3;
    /** Generous: the first handshake of a run loads the JDK's TLS providers on both sides. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final Vertx vertx = Vertx.vertx();
    private final Lanes lanes = new Lanes(1, 1, 1);
    private final LineCore core = new LineCore(Duration.ofSeconds(30));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MailServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.stop();
        lanes.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private void start(List<String> proxies) {
        start(proxies, HANDSHAKE_TIMEOUT);
    }

    private void start(List<String> proxies, Duration handshakeTimeout) {
        Certificate certificate = Certificate.selfSigned(dir, "localhost", Duration.ofSeconds(30));
        ServerSettings settings = new ServerSettings("127.0.0.1",
                Optional.of(new ServerSettings.TlsFiles(certificate.certificate().toString(), certificate.key().toString())),
                Duration.ofMinutes(1), handshakeTimeout, 100, PER_ADDRESS, 1000, Duration.ZERO, proxies);
        server = new MailServer(vertx, settings, core, lanes, new ServerMetrics(registry));
        server.start(List.of(new ListenerSpec("tls", 0, true), new ListenerSpec("plain", 0, false)));
    }

    @Test
    void aConnectionBeyondThePerAddressLimitIsClosedWithoutAHandshake() throws Exception {
        start(List.of());
        int port = server.port("tls");
        List<Socket> silent = new ArrayList<>();
        try {
            // Connections that never say a word of TLS: before, each held a handshake for its 10 s timeout.
            for (int i = 0; i < PER_ADDRESS; i++) {
                silent.add(new Socket("127.0.0.1", port));
            }
            awaitOpenConnections(PER_ADDRESS);
            try (Socket beyond = new Socket("127.0.0.1", port)) {
                // Well within the handshake timeout: the gate closes it, no handshake does.
                beyond.setSoTimeout(5_000);
                assertThat(beyond.getInputStream().read()).as("the server closes it at once").isEqualTo(-1);
            }
            assertThat(registry.get("mailfleet.server.connections.refused").tag("listener", "tls").tag("reason", "busy")
                    .counter().count()).isEqualTo(1.0);

            try (TestClient other = new TestClient(new Socket("127.0.0.1", port, InetAddress.getByName("127.0.0.2"), 0))) {
                other.startTls();
                assertThat(other.line()).isEqualTo("HELLO");
                other.send("WHO\r\n");
                assertThat(other.line()).isEqualTo("YOU ARE 127.0.0.2");
            }
            assertThat(registry.get("mailfleet.server.tls.handshakes").tag("listener", "tls").tag("outcome", "success")
                    .counter().count()).isEqualTo(1.0);
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    @Test
    void aProxyHeaderInTheSameSegmentAsTheClientHelloComesFirst() throws Exception {
        start(List.of("127.0.0.1"));
        byte[] header = "PROXY TCP4 192.0.2.7 127.0.0.1 40000 465\r\n".getBytes(StandardCharsets.US_ASCII);
        try (TestClient client = new TestClient(new HeaderFirst(header, server.port("tls")))) {
            client.startTls();
            assertThat(client.line()).isEqualTo("HELLO");
            client.send("WHO\r\n");

            assertThat(client.line()).isEqualTo("YOU ARE 192.0.2.7");
        }
    }

    @Test
    void everyHandshakeUsesTheSslContextBuiltAtStart() throws Exception {
        start(List.of());
        SslContext built = server.sslContext();
        assertThat(built).as("built before the first connection").isNotNull();

        try (TestClient implicit = new TestClient(server.port("tls")); TestClient plain = new TestClient(server.port("plain"))) {
            implicit.startTls();
            assertThat(implicit.line()).isEqualTo("HELLO");
            assertThat(plain.line()).isEqualTo("HELLO");
            plain.send("TLS\r\n");
            assertThat(plain.line()).isEqualTo("GO");
            plain.startTls();
            assertThat(plain.line()).startsWith("SECURE TLS");
        }

        assertThat(core.tlsSessions).hasSize(2).allSatisfy(session ->
                assertThat(session.getSessionContext()).isSameAs(built.sessionContext()));
    }

    @Test
    void aHandshakeNotDoneWithinTheTimeoutIsClosed() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        start(List.of(), timeout);
        try (Socket trickler = new Socket("127.0.0.1", server.port("tls"))) {
            // A TLS handshake record of 512 octets announced, of which nothing more ever comes.
            trickler.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
            trickler.setSoTimeout(30_000);
            long sent = System.nanoTime();
            awaitClosedByServer(trickler);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("closed after the configured timeout, not Vert.x's 10 s")
                    .isBetween(timeout.minusMillis(100), Duration.ofSeconds(8));
        }
        assertThat(registry.get("mailfleet.server.tls.handshakes").tag("listener", "tls").tag("outcome", "failure")
                .counter().count()).isEqualTo(1.0);
    }

    /** Reads to the end of the stream: whatever the server says as it gives up (an alert, if any), then its close. */
    private static void awaitClosedByServer(Socket socket) throws IOException {
        try {
            socket.getInputStream().readAllBytes();
        } catch (SocketException reset) {
            // Closed with a reset instead of a FIN: closed all the same.
        }
    }

    private void awaitOpenConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.openConnections() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.openConnections()).as("connections the gate admitted").isEqualTo(expected);
    }

    /** A connection whose first write, the TLS ClientHello layered over it, carries a PROXY header before it. */
    private static final class HeaderFirst extends Socket {
        private final byte[] header;
        private OutputStream out;

        HeaderFirst(byte[] header, int port) throws IOException {
            this.header = header;
            connect(new InetSocketAddress("127.0.0.1", port));
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new FilterOutputStream(super.getOutputStream()) {
                    private boolean sent;

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        if (sent) {
                            super.out.write(bytes, offset, length);
                            return;
                        }
                        byte[] both = new byte[header.length + length];
                        System.arraycopy(header, 0, both, 0, header.length);
                        System.arraycopy(bytes, offset, both, header.length, length);
                        sent = true;
                        super.out.write(both);
                    }
                };
            }
            return out;
        }
    }
}
