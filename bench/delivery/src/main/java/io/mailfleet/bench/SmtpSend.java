package io.mailfleet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One message over one SMTP connection, as a load generator does: true when the server answered 250 to the data. */
final class SmtpSend {

    private SmtpSend() {
    }

    static boolean send(String host, int port, String from, String to, byte[] message) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            boolean ok = reply(in).startsWith("220")
                    && command(out, in, "EHLO bench.example").startsWith("250")
                    && command(out, in, "MAIL FROM:<" + from + ">").startsWith("250")
                    && command(out, in, "RCPT TO:<" + to + ">").startsWith("250")
                    && command(out, in, "DATA").startsWith("354");
            if (!ok) {
                return false;
            }
            // The bench's messages have no line starting with a dot, so no stuffing is needed.
            out.write(message);
            boolean accepted = command(out, in, ".").startsWith("250");
            command(out, in, "QUIT");
            return accepted;
        } catch (IOException e) {
            return false;
        }
    }

    private static String command(OutputStream out, BufferedReader in, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    /** The last line of a reply, whose code is the reply's. */
    private static String reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }
}
