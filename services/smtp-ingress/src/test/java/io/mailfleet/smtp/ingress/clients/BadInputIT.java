package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.model.event.Listener;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.smtp.ingress.server.Backends;
import io.mailfleet.smtp.ingress.server.SmtpListeners;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile and broken clients each get the protocol's own error, cost a bounded amount, and leave
 * the service answering everyone else.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.smtp"))
class BadInputIT {

    @Inject
    SmtpListeners listeners;

    @Inject
    Backends backends;

    @Inject
    KafkaSettings kafka;

    private int published;

    @BeforeEach
    void seed() {
        Accounts.seed(backends);
        published = MailTrail.inbound(kafka.bootstrapServers()).size();
    }

    /** After every abuse, a well-behaved client from another address still gets its mail accepted. */
    @AfterEach
    void othersAreStillServed() throws IOException {
        try (RawClient client = new RawClient("127.0.0.2", port())) {
            assertThat(client.reply()).startsWith("220");
            assertThat(client.command("EHLO good.example.org")).startsWith("250");
            assertThat(client.command("MAIL FROM:<good@example.org>")).startsWith("250");
            assertThat(client.command("RCPT TO:<ann@ingress.test>")).startsWith("250");
            assertThat(client.command("DATA")).startsWith("354");
            assertThat(client.command("Subject: still here\r\n\r\nfine\r\n.")).startsWith("250 2.0.0");
        }
    }

    @Test
    void aTwoThousandByteLineIsRefusedAndTheSessionGoesOn() throws IOException {
        try (RawClient client = new RawClient("127.0.0.1", port())) {
            client.reply();
            assertThat(client.command("EHLO " + "x".repeat(2000))).startsWith("500 5.5.6");
            assertThat(client.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void tenThousandRecipientsStopAtTheLimit() throws IOException {
        try (RawClient client = new RawClient("127.0.0.1", port())) {
            client.reply();
            client.command("EHLO many.example.org");
            client.command("MAIL FROM:<many@example.org>");
            StringBuilder pipelined = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                pipelined.append("RCPT TO:<ann@ingress.test>\r\n");
            }
            Thread writer = new Thread(() -> {
                try {
                    client.send(pipelined.toString());
                } catch (IOException ignored) {
                    // The server may close on us; the replies read below say what happened.
                }
            });
            writer.start();
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                String reply = client.reply();
                if (reply == null) {
                    break;
                }
                replies.add(reply);
            }
            assertThat(replies.subList(0, 100)).allMatch(reply -> reply.startsWith("250"));
            assertThat(replies.get(100)).startsWith("452 4.5.3");
            assertThat(replies).noneMatch(reply -> reply.startsWith("5"));
        }
    }

    @Test
    void aSixtyMegabyteBodyIsRefusedAfterItsEndAndNothingIsPublished() throws IOException {
        try (RawClient client = new RawClient("127.0.0.1", port())) {
            client.reply();
            client.command("EHLO big.example.org");
            client.command("MAIL FROM:<big@example.org>");
            client.command("RCPT TO:<ann@ingress.test>");
            assertThat(client.command("DATA")).startsWith("354");
            byte[] line = ("x".repeat(998) + "\r\n").getBytes();
            byte[] block = new byte[line.length * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(line, 0, block, i * line.length, line.length);
            }
            for (int sent = 0; sent < 60; sent++) {
                client.send(block);
            }
            assertThat(client.command(".")).startsWith("552 5.3.4");
            assertThat(client.command("NOOP")).startsWith("250");
        }
        assertThat(MailTrail.inbound(kafka.bootstrapServers())).hasSize(published);
    }

    @Test
    void aBareLfSmugglingPayloadIsRefusedAndItsHiddenCommandsNeverRun() throws IOException {
        try (RawClient client = new RawClient("127.0.0.1", port())) {
            client.reply();
            client.command("EHLO smuggler.example.org");
            client.command("MAIL FROM:<smuggler@example.org>");
            client.command("RCPT TO:<ann@ingress.test>");
            assertThat(client.command("DATA")).startsWith("354");
            client.send("Subject: innocent\r\n\r\nhello\n.\nMAIL FROM:<admin@ingress.test>\r\nRCPT TO:<ann@ingress.test>\r\n"
                    + "DATA\r\nSubject: forged\r\n\r\nforged\r\n.\r\n");
            assertThat(client.reply()).startsWith("550 5.6.0");
            assertThat(client.command("QUIT")).startsWith("221");
        }
        assertThat(MailTrail.inbound(kafka.bootstrapServers())).hasSize(published);
    }

    @Test
    void binaryGarbageEndsWithA421AfterTheErrorLimit() throws IOException {
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        try (RawClient client = new RawClient("127.0.0.1", port())) {
            client.reply();
            try {
                client.send(garbage);
            } catch (IOException closedWhileWriting) {
                // The server closes once the error limit is reached; what it said is read below.
            }
            String last = null;
            for (String reply = client.reply(); reply != null; reply = client.reply()) {
                last = reply;
            }
            assertThat(last).startsWith("421");
        }
    }

    /**
     * Slowloris on every listener: clients that send a byte of a command and no more are held to
     * their address's limit, so the next one from that address gets 421, or on the implicit-TLS port,
     * where nothing can be said before a handshake, is closed before its handshake (the runtime admits
     * a connection before it spends a handshake on it). Each listener's clients come from an address
     * of their own.
     */
    @ParameterizedTest
    @CsvSource({"MX, 127.0.0.3", "SUBMISSION, 127.0.0.4", "SUBMISSIONS, 127.0.0.5"})
    void slowClientsAreHeldToTheirAddressesLimit(Listener listener, String address) throws IOException {
        List<RawClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawClient client = connect(listener, address);
                client.reply();
                client.send("EHL");
                slow.add(client);
            }
            if (listener == Listener.SUBMISSIONS) {
                assertThatThrownBy(() -> connect(listener, address).close())
                        .isInstanceOfAny(SSLException.class, SocketException.class);
            } else {
                try (RawClient one = connect(listener, address)) {
                    assertThat(one.reply()).startsWith("421 4.7.0");
                }
            }
        } finally {
            for (RawClient client : slow) {
                client.close();
            }
        }
    }

    /**
     * Slowloris on the TLS handshake of every listener (after STARTTLS on the MX and submission
     * ports, at once on the submissions port): a handshake record announced, then an octet at a
     * time. The runtime's handshake timeout (5 s in tests) ends each; 40 s is the bound of a loaded machine.
     */
    @Test
    void tlsHandshakesTrickledAByteAtATimeAreEnded() throws IOException {
        Map<Listener, Socket> trickling = new EnumMap<>(Listener.class);
        try {
            for (Listener listener : Listener.values()) {
                trickling.put(listener, handshakeTrickler(listener));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (!trickling.isEmpty() && System.nanoTime() < deadline) {
                for (Listener listener : List.copyOf(trickling.keySet())) {
                    if (endedByServer(trickling.get(listener))) {
                        trickling.remove(listener).close();
                    }
                }
            }
            assertThat(trickling.keySet()).as("listeners whose trickled handshake is still open").isEmpty();
        } finally {
            for (Socket socket : trickling.values()) {
                socket.close();
            }
        }
    }

    private RawClient connect(Listener listener, String address) throws IOException {
        int port = listeners.port(listener);
        return listener == Listener.SUBMISSIONS ? RawClient.tls(address, port) : new RawClient(address, port);
    }

    /** A connection that has begun a TLS handshake (after STARTTLS where the listener wants it) with a record it never finishes. */
    private Socket handshakeTrickler(Listener listener) throws IOException {
        Socket socket = new Socket("127.0.0.1", listeners.port(listener));
        socket.setSoTimeout(10_000);
        if (listener != Listener.SUBMISSIONS) {
            readReply(socket.getInputStream());
            socket.getOutputStream().write("EHLO slow.example.org\r\n".getBytes(StandardCharsets.US_ASCII));
            readReply(socket.getInputStream());
            socket.getOutputStream().write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readReply(socket.getInputStream())).startsWith("220");
        }
        // A handshake record of 512 octets announced; what follows comes an octet at a time.
        socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
        socket.setSoTimeout(300);
        return socket;
    }

    /** Sends one more octet, then reads what the server sent (an alert, say) up to the end of the stream or a pause. */
    private static boolean endedByServer(Socket socket) {
        try {
            socket.getOutputStream().write('x');
            while (socket.getInputStream().read() >= 0) {
                // Whatever the server sent before closing is of no interest.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** One SMTP reply read octet by octet, so nothing after it is taken from the stream: up to a line "NNN text". */
    private static String readReply(InputStream in) throws IOException {
        StringBuilder reply = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (int octet = in.read(); octet >= 0; octet = in.read()) {
            line.append((char) octet);
            if (octet == '\n') {
                reply.append(line);
                if (line.length() > 3 && line.charAt(3) == ' ') {
                    break;
                }
                line.setLength(0);
            }
        }
        return reply.toString();
    }

    private int port() {
        return listeners.port(Listener.MX);
    }
}
