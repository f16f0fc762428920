package io.mailfleet.pop3.gateway.runtime;

import io.mailfleet.testing.tls.TrustingAnyone;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.pop3.gateway.Mailboxes;
import io.mailfleet.pop3.gateway.server.Backends;
import io.mailfleet.pop3.gateway.server.Pop3Listeners;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fifty clients reading 5 MB messages at 2 KB/s must not hold up anyone else: a new login on the
 * same instance takes less than a second longer while they read than on the idle instance. Before
 * the shared runtime each slow reader parked one of sixteen store threads, and the seventeenth
 * client waited for them to finish.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.pop3"))
class SlowReadersIT {

    private static final int READERS = 50;
    private static final int MESSAGE_SIZE = 5 * 1024 * 1024;
    private static final int BYTES_PER_SECOND = 2048;

    @Inject
    Backends backends;
    @Inject
    Pop3Listeners listeners;

    @Test
    void fiftySlowReadersDoNotDelayANewLogin() throws Exception {
        Mailboxes mailboxes = new Mailboxes(backends);
        BlobRef body = backends.blobs().put(new ByteArrayInputStream(bigMessage()), MESSAGE_SIZE);
        MessageIdGenerator ids = new MessageIdGenerator();
        List<MailAddress> readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            MailAddress reader = mailboxes.account();
            backends.store().messages().append(mailboxes.inbox(reader).id(),
                    new NewMessage(ids.next(), body.key().value(), MESSAGE_SIZE, Instant.now(), Flags.EMPTY));
            readers.add(reader);
        }
        MailAddress early = mailboxes.account();
        MailAddress latecomer = mailboxes.account();
        // The same login on the idle instance, once its first login has warmed it up, is the measure
        // of what the readers add.
        timeLogin(mailboxes.account());
        Duration idle = timeLogin(early);

        CountDownLatch streaming = new CountDownLatch(READERS);
        List<Thread> threads = new ArrayList<>();
        List<SSLSocket> sockets = new ArrayList<>();
        try {
            for (MailAddress reader : readers) {
                SSLSocket socket = connect();
                sockets.add(socket);
                logIn(socket, reader);
                Thread thread = new Thread(() -> readSlowly(socket, streaming), "slow-reader");
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            assertThat(streaming.await(60, TimeUnit.SECONDS)).as("every reader gets its +OK and the body starts").isTrue();
            // Let their socket buffers fill, so that every stream waits on a slow client.
            Thread.sleep(2000);

            Duration busy = timeLogin(latecomer);

            Duration delay = busy.minus(idle);
            System.out.printf("a login took %d ms on the idle instance and %d ms while %d clients read 5 MB at 2 KB/s%n",
                    idle.toMillis(), busy.toMillis(), READERS);
            assertThat(delay).isLessThan(Duration.ofSeconds(1));
            for (Thread thread : threads) {
                assertThat(thread.isAlive()).as("the readers are still reading").isTrue();
            }
        } finally {
            for (SSLSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private Duration timeLogin(MailAddress user) throws Exception {
        long started = System.nanoTime();
        try (SSLSocket socket = connect()) {
            logIn(socket, user);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return took;
        }
    }

    /** Logs in, one reader after the other: the login throttle counts attempts in progress per client address. */
    private static void logIn(SSLSocket socket, MailAddress user) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        assertThat(line(in)).startsWith("+OK");
        out.write(("USER " + user + "\r\nPASS " + Mailboxes.PASSWORD + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(line(in)).startsWith("+OK");
        assertThat(line(in)).startsWith("+OK");
    }

    /** Asks for the message, then takes it at 2 KB/s until the socket is closed. */
    private static void readSlowly(SSLSocket socket, CountDownLatch streaming) {
        try {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write("RETR 1\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (line(in).startsWith("+OK")) {
                streaming.countDown();
            }
            byte[] buffer = new byte[BYTES_PER_SECOND];
            while (in.readNBytes(buffer, 0, buffer.length) > 0) {
                Thread.sleep(1000);
            }
        } catch (IOException | InterruptedException e) {
            // Closed by the test at its end.
        }
    }

    private SSLSocket connect() throws Exception {
        SSLSocket socket = (SSLSocket) TrustingAnyone.context().getSocketFactory().createSocket();
        socket.setReceiveBufferSize(8192);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", listeners.port(Pop3Listeners.IMPLICIT_TLS)), 5000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }

    private static byte[] bigMessage() {
        byte[] message = new byte[MESSAGE_SIZE];
        byte[] header = "From: a@example.org\r\nSubject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, message, 0, header.length);
        byte[] line = ("x".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int at = header.length; at < MESSAGE_SIZE; at += line.length) {
            System.arraycopy(line, 0, message, at, Math.min(line.length, MESSAGE_SIZE - at));
        }
        Arrays.fill(message, MESSAGE_SIZE - 2, MESSAGE_SIZE, (byte) '\n');
        message[MESSAGE_SIZE - 2] = '\r';
        return message;
    }
}
