package io.mailfleet.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HAProxy PROXY protocol (v1 text and v2 binary headers, as the HAProxy specification defines
 * them): the client a trusted load balancer names is the connection's client, also for the
 * per-address limits, and a header from anyone else is refused.
 */
class ProxyProtocolTest {

    /** The v2 signature: \r\n\r\n\0\r\nQUIT\n. */
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private final Vertx vertx = Vertx.vertx();
    private final Lanes lanes = new Lanes(1, 1, 1);
    private MailServer server;

    @AfterEach
    void stop() {
        server.stop();
        lanes.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private int start(List<String> trusted, int maxPerAddress) {
        ServerSettings settings = new ServerSettings("127.0.0.1", Optional.empty(), Duration.ofMinutes(1), Duration.ofSeconds(10), 100, maxPerAddress,
                1000, Duration.ZERO, trusted);
        server = new MailServer(vertx, settings, new LineCore(Duration.ofSeconds(5)), lanes,
                new ServerMetrics(new SimpleMeterRegistry()));
        server.start(List.of(new ListenerSpec("plain", 0, false)));
        return server.port("plain");
    }

    @Test
    void aVersionOneHeaderFromATrustedBalancerNamesTheClient() throws Exception {
        try (TestClient client = new TestClient(start(List.of("127.0.0.1"), 10))) {
            client.send("PROXY TCP4 192.0.2.7 127.0.0.1 40000 25\r\n");
            assertThat(client.line()).isEqualTo("HELLO");
            client.send("WHO\r\n");

            assertThat(client.line()).isEqualTo("YOU ARE 192.0.2.7");
        }
    }

    @Test
    void aVersionTwoHeaderFromATrustedRangeNamesTheClient() throws Exception {
        try (TestClient client = new TestClient(start(List.of("127.0.0.0/8"), 10))) {
            client.send(v2("2001:db8::25", 40000));
            assertThat(client.line()).isEqualTo("HELLO");
            client.send("WHO\r\n");

            assertThat(client.line()).isEqualTo("YOU ARE 2001:db8:0:0:0:0:0:25");
        }
    }

    @Test
    void aHeaderFromAnUntrustedAddressIsRefused() throws Exception {
        try (TestClient client = new TestClient(start(List.of("10.0.0.0/8"), 10))) {
            client.send("PROXY TCP4 192.0.2.7 127.0.0.1 40000 25\r\n");

            assertThat(client.line()).isNull();
        }
    }

    @Test
    void perAddressLimitsCountTheProxiedClient() throws Exception {
        int port = start(List.of("127.0.0.1"), 1);
        try (TestClient first = new TestClient(port); TestClient sameClient = new TestClient(port);
             TestClient otherClient = new TestClient(port)) {
            first.send("PROXY TCP4 192.0.2.7 127.0.0.1 40000 25\r\n");
            assertThat(first.line()).isEqualTo("HELLO");
            sameClient.send("PROXY TCP4 192.0.2.7 127.0.0.1 40001 25\r\n");
            assertThat(sameClient.line()).isEqualTo("BUSY");

            otherClient.send("PROXY TCP4 192.0.2.8 127.0.0.1 40002 25\r\n");

            assertThat(otherClient.line()).isEqualTo("HELLO");
        }
    }

    /** A v2 PROXY header for a TCP over IPv6 connection from the given client to [::1]:25. */
    private static byte[] v2(String client, int clientPort) throws Exception {
        ByteBuffer addresses = ByteBuffer.allocate(36);
        addresses.put(InetAddress.getByName(client).getAddress());
        addresses.put(InetAddress.getByName("::1").getAddress());
        addresses.putShort((short) clientPort);
        addresses.putShort((short) 25);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(V2_SIGNATURE);
        header.write(0x21); // version 2, PROXY command
        header.write(0x21); // AF_INET6, STREAM
        header.write(0);
        header.write(36);
        header.write(addresses.array());
        return header.toByteArray();
    }
}
