package io.mailfleet.delivery.relay.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A server on the loopback address that plays a script per connection and records every octet
 * it receives, in plaintext and inside TLS. A failed script fails the test at {@link #close()}.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** What the server does on its {@code index}-th connection, counting from 0. */
    interface Script {
        void play(Connection connection, int index) throws Exception;
    }

    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    ScriptedSmtpServer(Script script) throws IOException {
        this(script, 0);
    }

    /** @param receiveBuffer the accepted sockets' receive buffer; 0 for the system's */
    ScriptedSmtpServer(Script script, int receiveBuffer) throws IOException {
        listener = new ServerSocket();
        if (receiveBuffer > 0) {
            listener.setReceiveBufferSize(receiveBuffer);
        }
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.execute(() -> accept(script));
    }

    InetAddress address() {
        return listener.getInetAddress();
    }

    int port() {
        return listener.getLocalPort();
    }

    int connections() {
        return connections.size();
    }

    /** What the client sent on the {@code index}-th connection, octet for octet (ISO-8859-1). */
    String received(int index) {
        return connections.get(index).received.toString(StandardCharsets.ISO_8859_1);
    }

    /** Waits for every script to end, then fails with the first failure of one. */
    @Override
    public void close() throws Exception {
        listener.close();
        threads.shutdown();
        boolean ended = threads.awaitTermination(20, TimeUnit.SECONDS);
        for (Connection connection : connections) {
            connection.socket.close();
        }
        threads.shutdownNow();
        if (!failures.isEmpty()) {
            throw new AssertionError("server script failed", failures.get(0));
        }
        assertThat(ended).as("server scripts ended").isTrue();
    }

    private void accept(Script script) {
        try {
            for (int index = 0; ; index++) {
                Socket socket = listener.accept();
                socket.setSoTimeout(15_000);
                Connection connection = new Connection(socket);
                connections.add(connection);
                int number = index;
                threads.execute(() -> {
                    try (socket) {
                        script.play(connection, number);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
            }
        } catch (SocketException closed) {
            // The test is over.
        } catch (IOException e) {
            failures.add(e);
        }
    }

    /** One accepted connection, as the script sees it. */
    static final class Connection {
        private final Socket socket;
        private InputStream in;
        private OutputStream out;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            use(socket);
        }

        /** Writes reply lines, each ended with CRLF, in one write. */
        void reply(String... lines) throws IOException {
            StringBuilder text = new StringBuilder();
            for (String line : lines) {
                text.append(line).append("\r\n");
            }
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads one line and checks it, CRLF not included. */
        void expect(String line) throws IOException {
            assertThat(line()).isEqualTo(line);
        }

        /** Reads one CRLF-ended line, without the CRLF. */
        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int previous = -1;
            while (true) {
                int b = read();
                if (b < 0) {
                    throw new IOException("end of stream in a line: " + line);
                }
                if (previous == '\r' && b == '\n') {
                    byte[] bytes = line.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                }
                line.write(b);
                previous = b;
            }
        }

        /** Reads DATA up to and including CRLF.CRLF, and returns it as sent. */
        String data() throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            String end = "\r\n.\r\n";
            // The last five octets, preceded by a CRLF at the start: an empty message is ".CRLF".
            StringBuilder tail = new StringBuilder("\r\n");
            while (!tail.toString().equals(end)) {
                int b = read();
                if (b < 0) {
                    throw new IOException("end of stream in DATA");
                }
                data.write(b);
                tail.append((char) b);
                if (tail.length() > end.length()) {
                    tail.deleteCharAt(0);
                }
            }
            return data.toString(StandardCharsets.ISO_8859_1);
        }

        /** Reads exactly {@code count} octets. */
        byte[] read(int count) throws IOException {
            byte[] bytes = new byte[count];
            for (int i = 0; i < count; i++) {
                int b = read();
                if (b < 0) {
                    throw new IOException("end of stream after " + i + " of " + count + " octets");
                }
                bytes[i] = (byte) b;
            }
            return bytes;
        }

        /** Reads until the client closes, and returns what came. */
        String rest() throws IOException {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            try {
                for (int b = read(); b >= 0; b = read()) {
                    rest.write(b);
                }
            } catch (SocketException reset) {
                // A client that closes with unread data resets the connection: also an end.
            }
            return rest.toString(StandardCharsets.ISO_8859_1);
        }

        /** Becomes the TLS server side of the connection. */
        void startTls(SSLContext context) throws IOException {
            SSLSocket secure = (SSLSocket) context.getSocketFactory().createSocket(socket,
                    socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            secure.setUseClientMode(false);
            secure.startHandshake();
            use(secure);
        }

        private int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                received.write(b);
            }
            return b;
        }

        private void use(Socket layer) throws IOException {
            in = new BufferedInputStream(layer.getInputStream());
            out = layer.getOutputStream();
        }
    }
}
