package io.mailfleet.imap.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** One plaintext IMAP connection driven line by line, for what no client library shows: when a line arrives. */
final class RawImap implements AutoCloseable {

    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private RawImap(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1 and reads the greeting. */
    static RawImap connect(int port) throws IOException {
        RawImap imap = new RawImap(new Socket("127.0.0.1", port));
        imap.readUntil(line -> line.startsWith("* OK"));
        return imap;
    }

    /** Connects to 127.0.0.1 over implicit TLS, trusting the test's certificate, and reads the greeting. */
    static RawImap connectTls(int port) throws IOException {
        RawImap imap = over(io.mailfleet.testing.tls.TrustingAnyone.context().getSocketFactory().createSocket("127.0.0.1", port));
        imap.readUntil(line -> line.startsWith("* OK"));
        return imap;
    }

    /** Drives a socket connected already; the greeting is the caller's to read. */
    static RawImap over(Socket socket) throws IOException {
        return new RawImap(socket);
    }

    Socket socket() {
        return socket;
    }

    void send(String line) throws IOException {
        sendRaw(line + "\r\n");
    }

    void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends a tagged command and returns the lines up to its completion, one text. */
    String command(String tagged) throws IOException {
        send(tagged);
        String tag = tagged.substring(0, tagged.indexOf(' ') + 1);
        return String.join("\r\n", readUntil(line -> line.startsWith(tag)));
    }

    List<String> readUntil(Predicate<String> last) throws IOException {
        return readUntil(last, DEFAULT_WAIT);
    }

    /** The lines read up to and including the first that matches; fails if none comes within {@code wait}. */
    List<String> readUntil(Predicate<String> last, Duration wait) throws IOException {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) left);
            String line;
            try {
                line = in.readLine();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no awaited line within " + wait + "; read " + lines, e);
            }
            if (line == null) {
                throw new AssertionError("connection closed; read " + lines);
            }
            lines.add(line);
            if (last.test(line)) {
                return lines;
            }
        }
    }

    /** The lines up to the server's closing of the connection; fails if it stays open {@code wait} longer. */
    List<String> readToEnd(Duration wait) throws IOException {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            String line;
            try {
                line = in.readLine();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("still open after " + wait + "; read " + lines, e);
            } catch (SocketException e) {
                return lines;
            }
            if (line == null) {
                return lines;
            }
            lines.add(line);
        }
    }

    /** Exactly {@code count} octets of a literal, or fewer when the connection ends first. */
    byte[] readOctets(long count) throws IOException {
        socket.setSoTimeout((int) DEFAULT_WAIT.toMillis());
        java.io.ByteArrayOutputStream octets = new java.io.ByteArrayOutputStream();
        char[] buffer = new char[64 * 1024];
        while (octets.size() < count) {
            int read;
            try {
                read = in.read(buffer, 0, (int) Math.min(buffer.length, count - octets.size()));
            } catch (SocketException e) {
                break;
            }
            if (read < 0) {
                break;
            }
            octets.write(new String(buffer, 0, read).getBytes(StandardCharsets.ISO_8859_1), 0, read);
        }
        return octets.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
