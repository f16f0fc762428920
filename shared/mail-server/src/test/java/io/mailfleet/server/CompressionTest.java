package io.mailfleet.server;

import io.mailfleet.testing.peers.Certificate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection's raw DEFLATE (IMAP COMPRESS, RFC 4978) over real sockets: after the answer that starts
 * it, both directions are compressed, inside TLS whether TLS came first (implicit) or by STARTTLS, and
 * a streamed body arrives whole.
 */
class CompressionTest {

    private final Vertx vertx = Vertx.vertx();
    private final Lanes lanes = new Lanes(1, 1, 1);
    private final LineCore core = new LineCore(Duration.ofSeconds(30));
    private MailServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        Certificate certificate = Certificate.selfSigned(dir, "localhost", Duration.ofSeconds(30));
        ServerSettings settings = new ServerSettings("127.0.0.1",
                Optional.of(new ServerSettings.TlsFiles(certificate.certificate().toString(), certificate.key().toString())),
                Duration.ofMinutes(1), Duration.ofSeconds(10), 100, 10, 1000, Duration.ZERO, List.of());
        server = new MailServer(vertx, settings, core, lanes, new ServerMetrics(new SimpleMeterRegistry()));
        server.start(List.of(new ListenerSpec("tls", 0, true), new ListenerSpec("plain", 0, false)));
    }

    @AfterEach
    void stop() {
        server.stop();
        lanes.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aPlainConnectionCompressesBothWays() throws Exception {
        try (TestClient client = new TestClient(server.port("plain"))) {
            assertThat(client.line()).isEqualTo("HELLO");
            compressAndTalk(client);
        }
    }

    @Test
    void compressionSitsInsideImplicitTls() throws Exception {
        try (TestClient client = new TestClient(server.port("tls"))) {
            client.startTls();
            assertThat(client.line()).isEqualTo("HELLO");
            compressAndTalk(client);
        }
    }

    @Test
    void compressionSitsInsideTlsStartedOnAPlainConnection() throws Exception {
        try (TestClient client = new TestClient(server.port("plain"))) {
            assertThat(client.line()).isEqualTo("HELLO");
            client.send("TLS\r\n");
            assertThat(client.line()).isEqualTo("GO");
            client.startTls();
            assertThat(client.line()).startsWith("SECURE TLS");
            compressAndTalk(client);
        }
    }

    /** ZIP's answer comes uncompressed; then commands, replies and a streamed body go compressed. */
    private static void compressAndTalk(TestClient client) throws Exception {
        client.send("ZIP\r\n");
        assertThat(client.line()).isEqualTo("GO");
        client.startDeflate();
        client.send("PING\r\n");
        assertThat(client.line()).isEqualTo("PONG");
        client.send("BIG 300000\r\nWHO\r\n");
        assertThat(client.skip(300_000)).isEqualTo(300_000);
        assertThat(client.line()).isEmpty();
        assertThat(client.line()).isEqualTo("SENT");
        assertThat(client.line()).isEqualTo("YOU ARE 127.0.0.1");
        client.send("QUIT\r\n");
        assertThat(client.line()).isEqualTo("BYE");
    }
}
