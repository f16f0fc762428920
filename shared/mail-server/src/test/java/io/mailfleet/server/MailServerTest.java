package io.mailfleet.server;

import io.mailfleet.testing.peers.Certificate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/** The runtime with a fake line protocol over real sockets on loopback. */
class MailServerTest {

    private final Vertx vertx = Vertx.vertx();
    private final Lanes lanes = new Lanes(2, 2, 2);
    private final LineCore core = new LineCore(Duration.ofSeconds(30));
    private MailServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        lanes.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private int start(LineCore protocol, Optional<ServerSettings.TlsFiles> tls, int maxPerAddress, List<String> proxies) {
        ServerSettings settings = new ServerSettings("127.0.0.1", tls, Duration.ofMinutes(1), Duration.ofSeconds(10), 100, maxPerAddress, 1000,
                Duration.ofMillis(300), proxies);
        server = new MailServer(vertx, settings, protocol, lanes, new ServerMetrics(new SimpleMeterRegistry()));
        server.start(List.of(new ListenerSpec("plain", 0, false)));
        return server.port("plain");
    }

    private int start() {
        return start(core, Optional.empty(), 10, List.of());
    }

    @Test
    void commandsSplitAnywhereAreReadAsTheSameLines() throws Exception {
        try (TestClient client = new TestClient(start())) {
            assertThat(client.line()).isEqualTo("HELLO");
            for (String piece : List.of("P", "IN", "G\r", "\nPING\r\nPI", "NG\r\n")) {
                client.send(piece);
                Thread.sleep(20);
            }

            assertThat(List.of(client.line(), client.line(), client.line())).containsExactly("PONG", "PONG", "PONG");
        }
    }

    @Test
    void inputPipelinedBehindADecisionWaitsForItsAnswer() throws Exception {
        try (TestClient client = new TestClient(start())) {
            client.line();
            client.send("ASK one\r\nPING\r\nASK two\r\nPING\r\n");

            assertThat(List.of(client.line(), client.line(), client.line(), client.line()))
                    .containsExactly("ANSWER one", "PONG", "ANSWER two", "PONG");
            assertThat(core.inputWhileWaiting).isFalse();
        }
    }

    @Test
    void startTlsDropsWhatWasPipelinedBeforeTheHandshake() throws Exception {
        Certificate certificate = Certificate.selfSigned(dir, "localhost", Duration.ofSeconds(30));
        int port = start(core, Optional.of(new ServerSettings.TlsFiles(certificate.certificate().toString(),
                certificate.key().toString())), 10, List.of());
        try (TestClient client = new TestClient(port)) {
            client.line();
            client.send("TLS\r\nPING\r\n");
            assertThat(client.line()).isEqualTo("GO");

            client.startTls();

            assertThat(client.line()).startsWith("SECURE TLS");
            client.send("WHO\r\n");
            assertThat(client.line()).isEqualTo("YOU ARE 127.0.0.1");
            assertThat(core.inputWhileWaiting).isFalse();
        }
    }

    @Test
    void aBodyForAClientThatDoesNotReadStopsAtTheSocketAndHoldsNoThread() throws Exception {
        long size = 64L * 1024 * 1024;
        try (TestClient client = new TestClient(start())) {
            client.line();
            client.socket().setReceiveBufferSize(64 * 1024);
            client.send("BIG " + size + "\r\n");
            int readWhileStalled = chunksOnceStalled();
            // The stream waits for the socket to drain: no more chunks are read, and no body thread is busy.
            assertThat(readWhileStalled).isLessThan((int) (size / 8192));
            assertThat(((ThreadPoolExecutor) lanes.executor(Lane.BODY)).getActiveCount()).isZero();
            // Meanwhile another connection is served at once.
            try (TestClient other = new TestClient(server.port("plain"))) {
                other.line();
                other.send("ASK meanwhile\r\n");
                assertThat(other.line()).isEqualTo("ANSWER meanwhile");
            }

            assertThat(client.skip(size)).isEqualTo(size);
            assertThat(client.line()).isEmpty();
            assertThat(client.line()).isEqualTo("SENT");
        }
    }

    /** The chunks read once the stream stopped for a second: it waits for a client that does not read. */
    private int chunksOnceStalled() throws InterruptedException {
        int before = -1;
        for (int second = 0; second < 60; second++) {
            Thread.sleep(1000);
            int now = core.chunksRead.get();
            if (now == before) {
                return now;
            }
            before = now;
        }
        throw new AssertionError("the stream never stopped for a client that does not read: " + before + " chunks");
    }

    /**
     * A client with Nagle's algorithm on (the socket's default) holds a short write while an earlier one is not
     * acknowledged, and the kernel delays its ACK (40 ms or more on Linux) when the server has nothing to say: a
     * line whose end is written apart from the rest of it, as imaplib writes a literal's CRLF, would wait that out.
     */
    @Test
    void aLineEndWrittenApartIsNotHeldForADelayedAckWhenThePartialLineIsAcknowledged() throws Exception {
        LineCore acknowledging = new LineCore(Duration.ofSeconds(30), true);
        String line = "x".repeat(4000);
        List<Double> apart = new ArrayList<>();
        List<Double> whole = new ArrayList<>();
        try (TestClient client = new TestClient(start(acknowledging, Optional.empty(), 10, List.of()))) {
            assertThat(client.socket().getTcpNoDelay()).as("Nagle's algorithm on").isFalse();
            client.line();
            // Alternated, so that both kinds meet the same load of the machine.
            for (int round = 0; round < 10; round++) {
                apart.add(millis(() -> client.send(line).send("\r\n").line()));
                whole.add(millis(() -> client.send(line + "\r\n").line()));
            }
        }

        // Half the shortest delayed ACK: what the line end written apart may cost more than the whole line.
        assertThat(median(apart)).as("ms per line written apart %s, whole %s", apart, whole).isLessThan(median(whole) + 20);
    }

    private interface Round {
        void run() throws Exception;
    }

    private static double millis(Round round) throws Exception {
        long started = System.nanoTime();
        round.run();
        return (System.nanoTime() - started) / 1e6;
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    @Test
    void anIdleConnectionTimesOut() throws Exception {
        LineCore impatient = new LineCore(Duration.ofMillis(300));
        try (TestClient client = new TestClient(start(impatient, Optional.empty(), 10, List.of()))) {
            client.line();
            client.send("PING\r\n");
            assertThat(client.line()).isEqualTo("PONG");

            assertThat(client.line()).isEqualTo("TIMEOUT");
            assertThat(client.line()).isNull();
        }
    }

    @Test
    void aShutdownRefusesNewConnectionsAndDrainsOpenOnesAfterTheGrace() throws Exception {
        int port = start();
        try (TestClient open = new TestClient(port)) {
            open.line();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            Thread.sleep(100);
            try (TestClient late = new TestClient(port)) {
                assertThat(late.line()).isEqualTo("SHUTTING_DOWN");
            }
            open.send("PING\r\n");
            assertThat(open.line()).isEqualTo("PONG");

            assertThat(open.line()).isEqualTo("DRAIN");
            assertThat(open.line()).isNull();
            stopping.join();
            server = null;
        }
    }

    @Test
    void connectionsBeyondThePerAddressLimitAreRefused() throws Exception {
        int port = start(core, Optional.empty(), 1, List.of());
        try (TestClient first = new TestClient(port); TestClient second = new TestClient(port)) {
            assertThat(first.line()).isEqualTo("HELLO");
            assertThat(second.line()).isEqualTo("BUSY");
            assertThat(second.line()).isNull();
        }
    }
}
