package io.mailfleet.testing.peers;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A raw SMTP client for talking to the peers line by line, as little as a test needs. */
final class SmtpDialogue implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private final String greeting;

    private SmtpDialogue(Socket socket) throws IOException {
        use(socket);
        this.greeting = reply();
    }

    static SmtpDialogue connect(String address, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return new SmtpDialogue(socket);
    }

    private void use(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        this.out = socket.getOutputStream();
    }

    String greeting() {
        return greeting;
    }

    /** Sends one command line and returns the whole reply, its lines joined with LF. */
    String send(String command) throws IOException {
        write(command + "\r\n");
        return reply();
    }

    /** Sends a message after DATA's 354: dot-stuffed, CRLF line ends, then the final dot. */
    String data(String message) throws IOException {
        StringBuilder stuffed = new StringBuilder();
        for (String line : message.split("\r\n", -1)) {
            stuffed.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        write(stuffed.append(".\r\n").toString());
        return reply();
    }

    /** Wraps the connection in TLS after a 220 to STARTTLS, checking the certificate against {@code hostname}. */
    void startTls(SSLContext context, String hostname) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, hostname, socket.getPort(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        use(tls);
    }

    /** Sends one command line; true when the server closes the connection instead of replying. */
    boolean hangsUpAfter(String command) throws IOException {
        write(command + "\r\n");
        return in.readLine() == null;
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after " + lines);
            }
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return String.join("\n", lines);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
