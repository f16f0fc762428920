package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.testing.tls.TrustingAnyone;

import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An SMTP client that sends whatever bytes a test wants, however badly formed, and reads replies. */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    RawClient(String sourceAddress, int port) throws IOException {
        this(connected(sourceAddress, port));
    }

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(60_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
    }

    /** Over implicit TLS from {@code sourceAddress}, trusting the test's certificate; the handshake is done. */
    static RawClient tls(String sourceAddress, int port) throws IOException {
        SSLSocket socket = (SSLSocket) TrustingAnyone.context().getSocketFactory()
                .createSocket(connected(sourceAddress, port), "localhost", port, true);
        socket.startHandshake();
        return new RawClient(socket);
    }

    private static Socket connected(String sourceAddress, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(sourceAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One whole reply; continuation lines have a hyphen after the code. Null at end of stream. */
    String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                return reply.length() == 0 ? null : reply.toString();
            }
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return reply.toString();
    }

    /** Sends a command and returns its reply. */
    String command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
