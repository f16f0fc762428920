package io.mailfleet.delivery.relay.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.smtp.client.Credentials;
import io.mailfleet.smtp.client.DeliveryStatus;
import io.mailfleet.smtp.client.Diagnosis;
import io.mailfleet.smtp.client.MailTransaction;
import io.mailfleet.smtp.client.RecipientResult;
import io.mailfleet.smtp.client.SmtpClientSettings;
import io.mailfleet.smtp.client.Stage;
import io.mailfleet.smtp.client.TlsMode;
import io.mailfleet.smtp.client.TransactionResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The pool and its connections against a scripted server on the loopback address. */
@Timeout(60)
class SmtpConnectionPoolTest {

    private static final String HELO = "relay.example.org";
    private static final TestCertificate LOCALHOST = TestCertificate.forHost("localhost");

    private SmtpConnectionPool pool;

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    private SmtpConnectionPool pool(PoolSettings settings) throws Exception {
        pool = new SmtpConnectionPool(settings, TlsContexts.verifying(Optional.empty()));
        return pool;
    }

    private static SmtpDestination destination(ScriptedSmtpServer server, SmtpClientSettings settings) {
        return new SmtpDestination("localhost", server.address(), server.port(), settings, false);
    }

    private static SmtpClientSettings plaintext() {
        return SmtpClientSettings.defaults(HELO).withTlsMode(TlsMode.NONE);
    }

    private static MailTransaction message(long size, String... recipients) {
        return MailTransaction.of(Optional.of(MailAddress.parse("alice@example.org")),
                Arrays.stream(recipients).map(r -> new Recipient(r, Set.of(), Optional.empty())).toList(), size);
    }

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static List<DeliveryStatus> statuses(TransactionResult result) {
        return result.recipients().stream().map(RecipientResult::status).toList();
    }

    /** Greeting and EHLO with these extensions. */
    private static void greet(ScriptedSmtpServer.Connection c, String... extensions) throws IOException {
        c.reply("220 mx.example.net ESMTP");
        c.expect("EHLO " + HELO);
        String[] lines = new String[extensions.length + 1];
        lines[0] = (extensions.length == 0 ? "250 " : "250-") + "mx.example.net";
        for (int i = 0; i < extensions.length; i++) {
            lines[i + 1] = (i == extensions.length - 1 ? "250 " : "250-") + extensions[i];
        }
        c.reply(lines);
    }

    /** A pipelined transaction for one recipient, accepted. */
    private static String accept(ScriptedSmtpServer.Connection c, String recipient) throws IOException {
        assertThat(c.line()).startsWith("MAIL FROM:<alice@example.org>");
        c.expect("RCPT TO:<" + recipient + ">");
        c.expect("DATA");
        c.reply("250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>");
        String data = c.data();
        c.reply("250 2.0.0 Ok: queued");
        return data;
    }

    @Test
    void twoMessagesGoOverOneConnectionExactlyAsExpected() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "PIPELINING", "SIZE 1000000", "8BITMIME");
            accept(c, "bob@example.net");
            accept(c, "carol@example.net");
            c.expect("QUIT");
            assertThat(c.rest()).isEmpty();
        })) {
            pool(PoolSettings.defaults());
            SmtpDestination mx = destination(server, plaintext());
            TransactionResult first = pool.deliver(mx, message(40, "bob@example.net"),
                    body("Subject: one\r\n\r\n.leading dot\nbare LF\r\n.\r\nend"));
            TransactionResult second = pool.deliver(mx, message(20, "carol@example.net"), body("Subject: two\r\n\r\nhi\r\n"));
            assertThat(statuses(first)).containsExactly(DeliveryStatus.DELIVERED);
            assertThat(statuses(second)).containsExactly(DeliveryStatus.DELIVERED);
            assertThat(pool.idleConnections()).isEqualTo(1);
            pool.close();
            server.close();
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.received(0)).isEqualTo("EHLO relay.example.org\r\n"
                    + "MAIL FROM:<alice@example.org> SIZE=40\r\nRCPT TO:<bob@example.net>\r\nDATA\r\n"
                    + "Subject: one\r\n\r\n..leading dot\r\nbare LF\r\n..\r\nend\r\n.\r\n"
                    + "MAIL FROM:<alice@example.org> SIZE=20\r\nRCPT TO:<carol@example.net>\r\nDATA\r\n"
                    + "Subject: two\r\n\r\nhi\r\n.\r\n"
                    + "QUIT\r\n");
        }
    }

    @Test
    void opportunisticStartTlsTakesASelfSignedCertificateAndSaysEhloAgain() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "PIPELINING", "STARTTLS");
            c.expect("STARTTLS");
            c.reply("220 2.0.0 Ready to start TLS");
            c.startTls(TestCertificate.forHost("mx.example.net").serverContext);
            greet2(c, "PIPELINING");
            accept(c, "bob@example.net");
            c.expect("QUIT");
        })) {
            pool(PoolSettings.defaults());
            SmtpDestination mx = new SmtpDestination("mx.example.net", server.address(), server.port(),
                    SmtpClientSettings.defaults(HELO), false);
            TransactionResult result = pool.deliver(mx, message(10, "bob@example.net"), body("hello\r\n"));
            assertThat(statuses(result)).containsExactly(DeliveryStatus.DELIVERED);
            pool.close();
            server.close();
            assertThat(server.received(0)).startsWith("EHLO relay.example.org\r\nSTARTTLS\r\nEHLO relay.example.org\r\n"
                    + "MAIL FROM:<alice@example.org>");
        }
    }

    /** EHLO after STARTTLS. */
    private static void greet2(ScriptedSmtpServer.Connection c, String extension) throws IOException {
        c.expect("EHLO " + HELO);
        c.reply("250-mx.example.net", "250 " + extension);
    }

    @Test
    void aFailedOpportunisticHandshakeIsRetriedOnceInPlaintext() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "PIPELINING", "STARTTLS");
            if (index == 0) {
                c.expect("STARTTLS");
                c.reply("220 2.0.0 Ready to start TLS");
                // Gone before the handshake: from the client's side, the handshake failed.
                return;
            }
            accept(c, "bob@example.net");
            c.expect("QUIT");
        })) {
            pool(PoolSettings.defaults());
            TransactionResult result = pool.deliver(destination(server, SmtpClientSettings.defaults(HELO)),
                    message(10, "bob@example.net"), body("hello\r\n"));
            assertThat(statuses(result)).containsExactly(DeliveryStatus.DELIVERED);
            pool.close();
            server.close();
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.received(1)).doesNotContain("STARTTLS");
        }
    }

    @Test
    void aSmartHostWithAVerifiedCertificateAndAuth(@TempDir Path dir) throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "STARTTLS");
            c.expect("STARTTLS");
            c.reply("220 2.0.0 Ready to start TLS");
            c.startTls(LOCALHOST.serverContext);
            greet2(c, "AUTH PLAIN LOGIN");
            c.expect("AUTH PLAIN AGFsaWNlAHMzY3JldA==");
            c.reply("235 2.7.0 Authentication successful");
            c.expect("MAIL FROM:<alice@example.org>");
            c.reply("250 2.1.0 Ok");
            c.expect("RCPT TO:<bob@example.net>");
            c.reply("250 2.1.5 Ok");
            c.expect("DATA");
            c.reply("354 go ahead");
            assertThat(c.data()).isEqualTo("hello\r\n.\r\n");
            c.reply("250 2.0.0 Ok");
            c.expect("QUIT");
        })) {
            pool = new SmtpConnectionPool(PoolSettings.defaults(),
                    TlsContexts.verifying(Optional.of(LOCALHOST.writePem(dir.resolve("trusted.pem")))));
            SmtpDestination smartHost = new SmtpDestination("localhost", server.address(), server.port(),
                    SmtpClientSettings.defaults(HELO).withTlsMode(TlsMode.REQUIRED)
                            .withCredentials(new Credentials("alice", "s3cret")), true);
            TransactionResult result = pool.deliver(smartHost, message(10, "bob@example.net"), body("hello"));
            assertThat(statuses(result)).containsExactly(DeliveryStatus.DELIVERED);
            pool.close();
        }
    }

    @Test
    void aSmartHostWhoseCertificateNamesAnotherHostIsNotTrusted(@TempDir Path dir) throws Exception {
        assertHandshakeRefused(TlsContexts.verifying(Optional.of(LOCALHOST.writePem(dir.resolve("trusted.pem")))),
                "smarthost.example.net");
    }

    @Test
    void aSmartHostWithAnUnknownCertificateIsNotTrusted() throws Exception {
        assertHandshakeRefused(TlsContexts.verifying(Optional.empty()), "localhost");
    }

    private void assertHandshakeRefused(SSLContext verifying, String hostName) throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "STARTTLS");
            c.expect("STARTTLS");
            c.reply("220 2.0.0 Ready to start TLS");
            try {
                c.startTls(LOCALHOST.serverContext);
            } catch (IOException refusedByTheClient) {
                return;
            }
            throw new AssertionError("the client took the certificate");
        })) {
            pool = new SmtpConnectionPool(PoolSettings.defaults(), verifying);
            SmtpDestination smartHost = new SmtpDestination(hostName, server.address(), server.port(),
                    SmtpClientSettings.defaults(HELO).withTlsMode(TlsMode.REQUIRED), true);
            TransactionResult result = pool.deliver(smartHost, message(10, "bob@example.net"), body("hello"));
            RecipientResult bob = result.recipients().get(0);
            assertThat(bob.status()).isEqualTo(DeliveryStatus.TEMPORARY);
            assertThat(bob.enhancedStatus()).isEqualTo("4.7.5");
            assertThat(result.retry()).isEqualTo(TransactionResult.Retry.NONE);
            server.close();
            assertThat(server.connections()).isEqualTo(1);
            assertThat(pool.idleConnections()).isZero();
        }
    }

    @Test
    void aReusedConnectionTheServerAnswers421IsReplacedByANewOne() throws Exception {
        assertStaleConnectionReplaced(c -> {
            assertThat(c.line()).startsWith("MAIL FROM:");
            c.reply("421 4.4.2 mx.example.net Error: timeout exceeded");
        });
    }

    @Test
    void aReusedConnectionTheServerClosedIsReplacedByANewOne() throws Exception {
        assertStaleConnectionReplaced(c -> {
        });
    }

    private interface Ending {
        void play(ScriptedSmtpServer.Connection c) throws IOException;
    }

    private void assertStaleConnectionReplaced(Ending ending) throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "PIPELINING");
            accept(c, index == 0 ? "bob@example.net" : "carol@example.net");
            if (index == 0) {
                ending.play(c);
            } else {
                c.expect("QUIT");
            }
        })) {
            pool(PoolSettings.defaults());
            SmtpDestination mx = destination(server, plaintext());
            assertThat(statuses(pool.deliver(mx, message(10, "bob@example.net"), body("one\r\n"))))
                    .containsExactly(DeliveryStatus.DELIVERED);
            assertThat(statuses(pool.deliver(mx, message(10, "carol@example.net"), body("two\r\n"))))
                    .containsExactly(DeliveryStatus.DELIVERED);
            pool.close();
            server.close();
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void aServerThatDoesNotAnswerTheEndOfDataTimesOut() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "PIPELINING");
            assertThat(c.line()).startsWith("MAIL");
            c.line();
            c.line();
            c.reply("250 Ok", "250 Ok", "354 go ahead");
            c.data();
            done.await(20, TimeUnit.SECONDS);
        })) {
            pool(PoolSettings.defaults());
            SmtpDestination mx = destination(server,
                    plaintext().withTimeout(Stage.DATA_TERMINATION, Duration.ofMillis(300)));
            TransactionResult result = pool.deliver(mx, message(10, "bob@example.net"), body("x\r\n"));
            done.countDown();
            RecipientResult bob = result.recipients().get(0);
            assertThat(bob.status()).isEqualTo(DeliveryStatus.TEMPORARY);
            assertThat(bob.stage()).isEqualTo(Stage.DATA_TERMINATION);
            assertThat(bob.diagnosis()).isEqualTo(new Diagnosis.Local("4.2", "timed out after the end of the message"));
            assertThat(pool.idleConnections()).isZero();
        }
    }

    @Test
    void aServerThatStopsReadingTheMessageTimesOutTheWrite() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "PIPELINING");
            c.line();
            c.line();
            c.line();
            c.reply("250 Ok", "250 Ok", "354 go ahead");
            done.await(30, TimeUnit.SECONDS);
        }, 4096)) {
            pool(PoolSettings.defaults());
            SmtpDestination mx = destination(server, plaintext().withTimeout(Stage.DATA_BLOCK, Duration.ofMillis(500)));
            long size = 256L * 1024 * 1024;
            TransactionResult result = pool.deliver(mx, message(size, "bob@example.net"), new Lines(size));
            done.countDown();
            RecipientResult bob = result.recipients().get(0);
            assertThat(bob.status()).isEqualTo(DeliveryStatus.TEMPORARY);
            assertThat(bob.stage()).isEqualTo(Stage.DATA_BLOCK);
            assertThat(bob.diagnosis()).isEqualTo(new Diagnosis.Local("4.2", "timed out while sending the message"));
        }
    }

    @Test
    void anUnreadableMessageIsAbandonedWithoutEndingTheData() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "PIPELINING");
            c.line();
            c.line();
            c.line();
            c.reply("250 Ok", "250 Ok", "354 go ahead");
            assertThat(c.rest()).doesNotContain("\r\n.\r\n");
        })) {
            pool(PoolSettings.defaults());
            InputStream failing = new InputStream() {
                private int sent;

                @Override
                public int read() throws IOException {
                    if (sent++ < 10) {
                        return 'x';
                    }
                    throw new IOException("blob store unavailable");
                }
            };
            TransactionResult result = pool.deliver(destination(server, plaintext()), message(100, "bob@example.net"), failing);
            RecipientResult bob = result.recipients().get(0);
            assertThat(bob.enhancedStatus()).isEqualTo("4.3.0");
            assertThat(bob.diagnosis()).isEqualTo(
                    new Diagnosis.Local("3.0", "cannot send the message: cannot read it: blob store unavailable"));
            assertThat(pool.idleConnections()).isZero();
        }
    }

    @Test
    void binaryMimeGoesAsOneChunkOfExactlyItsSize() throws Exception {
        byte[] binary = {0, '\r', '\n', '.', '\r', '\n', (byte) 0xFF, '\n', '.'};
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "PIPELINING", "CHUNKING", "BINARYMIME");
            c.expect("MAIL FROM:<alice@example.org> BODY=BINARYMIME");
            c.expect("RCPT TO:<bob@example.net>");
            c.reply("250 Ok", "250 Ok");
            c.expect("BDAT 9 LAST");
            assertThat(c.read(9)).isEqualTo(binary);
            c.reply("250 2.0.0 Ok");
            c.expect("QUIT");
        })) {
            pool(PoolSettings.defaults());
            MailTransaction message = new MailTransaction(Optional.of(MailAddress.parse("alice@example.org")),
                    List.of(new Recipient("bob@example.net", Set.of(), Optional.empty())), binary.length,
                    BodyType.BINARY_MIME, false, Optional.empty(), Optional.empty());
            TransactionResult result = pool.deliver(destination(server, plaintext()), message, new ByteArrayInputStream(binary));
            assertThat(statuses(result)).containsExactly(DeliveryStatus.DELIVERED);
            pool.close();
        }
    }

    @Test
    void aBinaryMessageOfAnotherLengthThanDeclaredIsNotSentAsComplete() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "PIPELINING", "CHUNKING", "BINARYMIME");
            c.line();
            c.line();
            c.reply("250 Ok", "250 Ok");
            assertThat(c.rest()).doesNotContain("ten octet");
        })) {
            pool(PoolSettings.defaults());
            MailTransaction message = new MailTransaction(Optional.of(MailAddress.parse("alice@example.org")),
                    List.of(new Recipient("bob@example.net", Set.of(), Optional.empty())), 9,
                    BodyType.BINARY_MIME, false, Optional.empty(), Optional.empty());
            TransactionResult result = pool.deliver(destination(server, plaintext()), message, body("ten octets"));
            assertThat(result.recipients().get(0).diagnosis()).isEqualTo(new Diagnosis.Local("3.0",
                    "cannot send the message: the message is longer than its declared 9 octets"));
        }
    }

    @Test
    void idleConnectionsAreClosedWithQuitAfterTheIdleTimeout() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "PIPELINING");
            accept(c, "bob@example.net");
            c.expect("QUIT");
            assertThat(c.rest()).isEmpty();
        })) {
            pool(new PoolSettings(2, Duration.ofMillis(200), 100));
            pool.deliver(destination(server, plaintext()), message(10, "bob@example.net"), body("x\r\n"));
            assertThat(pool.idleConnections()).isEqualTo(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.idleConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(pool.idleConnections()).isZero();
        }
    }

    @Test
    void aConnectionIsRetiredAfterItsMaximumOfTransactions() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer((c, index) -> {
            greet(c, "PIPELINING");
            accept(c, "bob@example.net");
            if (index == 0) {
                accept(c, "bob@example.net");
            }
            c.expect("QUIT");
        })) {
            pool(new PoolSettings(2, Duration.ofSeconds(30), 2));
            SmtpDestination mx = destination(server, plaintext());
            for (int i = 0; i < 3; i++) {
                assertThat(statuses(pool.deliver(mx, message(10, "bob@example.net"), body("x\r\n"))))
                        .containsExactly(DeliveryStatus.DELIVERED);
            }
            pool.close();
            server.close();
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void aRefusedConnectionFailsTemporarilyAtConnect() throws Exception {
        int port;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = unused.getLocalPort();
        }
        pool(PoolSettings.defaults());
        SmtpDestination nobody = new SmtpDestination("localhost", InetAddress.getLoopbackAddress(), port, plaintext(), false);
        RecipientResult bob = pool.deliver(nobody, message(10, "bob@example.net"), body("x")).recipients().get(0);
        assertThat(bob.status()).isEqualTo(DeliveryStatus.TEMPORARY);
        assertThat(bob.stage()).isEqualTo(Stage.CONNECT);
        assertThat(bob.enhancedStatus()).isEqualTo("4.4.1");
    }

    @Test
    void closingThePoolStopsItsThread() throws Exception {
        pool(PoolSettings.defaults());
        assertThat(timerThreads()).isPositive();
        pool.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (timerThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(timerThreads()).isZero();
    }

    private static long timerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("smtp-client-timer") && t.isAlive()).count();
    }

    /** A message of {@code size} octets of text lines, made as it is read. */
    private static final class Lines extends InputStream {
        private static final byte[] LINE = "0123456789 the quick brown fox jumps over the lazy dog\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        private long remaining;

        Lines(long size) {
            remaining = size;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            return LINE[(int) (remaining-- % LINE.length)];
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int count = (int) Math.min(length, remaining);
            for (int i = 0; i < count; i++) {
                buffer[offset + i] = LINE[(int) (remaining-- % LINE.length)];
            }
            return count;
        }
    }
}
