package io.mailfleet.server;

import io.mailfleet.testing.tls.TrustingAnyone;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** A raw client: bytes out as given, CRLF lines in. */
final class TestClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    TestClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    TestClient(Socket socket) throws IOException {
        this.socket = socket;
        // Generous: the first TLS handshake of a test run loads and verifies the JDK's providers.
        socket.setSoTimeout(60_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    TestClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.US_ASCII));
    }

    TestClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next line without its CRLF, or null at the end of the stream. */
    String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
            }
            line.write(b);
            previous = b;
        }
    }

    /** Reads and counts octets up to the end of the stream or until {@code expected} were read. */
    long skip(long expected) throws IOException {
        byte[] buffer = new byte[65536];
        long total = 0;
        while (total < expected) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, expected - total));
            if (read < 0) {
                break;
            }
            total += read;
        }
        return total;
    }

    /** Layers TLS over the connection, trusting any certificate (the tests' own self-signed one). */
    void startTls() throws Exception {
        SSLSocket tls = (SSLSocket) TrustingAnyone.context().getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        tls.startHandshake();
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
    }

    /** Compresses both directions from here on with raw DEFLATE, each write flushed (IMAP COMPRESS, RFC 4978). */
    void startDeflate() {
        in = new InflaterInputStream(in, new Inflater(true));
        out = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true), true);
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
