package io.mailfleet.deploy.kubernetes;

import io.mailfleet.testing.tls.TrustingAnyone;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A little of every kind of traffic the dashboards and alerts watch: an account made over the
 * admin API, mail accepted and refused on the MX listener, connections over the per-address
 * limit, failed and successful AUTH on submissions with mail to a remote domain (which the relay
 * cannot resolve, so it is retried) and to an alias of a deleted account (bounced), and POP3 logins,
 * a retrieval and a deletion over TLS.
 */
final class Traffic {

    static final String ACCOUNT = "demo@example.test";
    static final String PASSWORD = "a long demo password";
    static final String STALE_ALIAS = "team@example.test";

    private Traffic() {
    }

    static void createAccount(StartedService admin) throws IOException, InterruptedException {
        post(admin, "/api/v1/domains", "{\"name\": \"example.test\"}");
        post(admin, "/api/v1/accounts", "{\"address\": \"" + ACCOUNT + "\", \"password\": \"" + PASSWORD + "\"}");
        // An alias to an address that has no account: mail to it is accepted, then bounced by delivery.
        post(admin, "/api/v1/aliases", "{\"source\": \"" + STALE_ALIAS + "\", \"targets\": [\"gone@example.test\"]}");
    }

    /** An account in a domain of its own, for a test that must not meet the others' mail. */
    static void createAccountInNewDomain(StartedService admin, String address, String password)
            throws IOException, InterruptedException {
        post(admin, "/api/v1/domains", "{\"name\": \"" + address.substring(address.indexOf('@') + 1) + "\"}");
        post(admin, "/api/v1/accounts", "{\"address\": \"" + address + "\", \"password\": \"" + password + "\"}");
    }

    /** One message accepted for the account, one recipient refused (550). */
    static void mailOverMx(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            Dialog smtp = new Dialog(socket);
            smtp.expect("220");
            smtp.send("EHLO client.example.org").expectSmtp("250");
            smtp.send("MAIL FROM:<sender@example.org>").expectSmtp("250");
            smtp.send("RCPT TO:<" + ACCOUNT + ">").expectSmtp("250");
            smtp.send("RCPT TO:<nobody@example.test>").expectSmtp("550");
            smtp.send("DATA").expectSmtp("354");
            smtp.send("From: sender@example.org\r\nTo: " + ACCOUNT + "\r\nSubject: dashboards\r\n\r\nhello\r\n.").expectSmtp("250");
            smtp.send("QUIT").expectSmtp("221");
        }
    }

    /** One connection more than the per-address limit allows; the last is turned away. */
    static void overTheConnectionLimit(int port, int limit) throws IOException {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < limit; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                open.add(socket);
                new Dialog(socket).expect("220");
            }
            try (Socket refused = new Socket("127.0.0.1", port)) {
                new Dialog(refused).expect("421");
            }
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    static void submissions(int port) throws IOException {
        try (Socket socket = tls(port)) {
            Dialog smtp = new Dialog(socket);
            smtp.expect("220");
            smtp.send("EHLO client.example.org").expectSmtp("250");
            smtp.send("AUTH PLAIN " + plain("wrong")).expectSmtp("535");
            smtp.send("AUTH PLAIN " + plain(PASSWORD)).expectSmtp("235");
            smtp.send("MAIL FROM:<" + ACCOUNT + ">").expectSmtp("250");
            smtp.send("RCPT TO:<someone@remote.example.org>").expectSmtp("250");
            smtp.send("RCPT TO:<" + STALE_ALIAS + ">").expectSmtp("250");
            smtp.send("DATA").expectSmtp("354");
            smtp.send("From: " + ACCOUNT + "\r\nSubject: out\r\n\r\nhello\r\n.").expectSmtp("250");
            smtp.send("QUIT").expectSmtp("221");
        }
    }

    static void pop3FailedLogin(int tlsPort) throws IOException {
        try (Socket socket = tls(tlsPort)) {
            pop3Login(socket, "wrong", "-ERR");
        }
    }

    /** Logs in, retrieves and deletes the first message. */
    static void pop3RetrieveAndDelete(int tlsPort) throws IOException {
        try (Socket socket = tls(tlsPort)) {
            Dialog pop3 = pop3Login(socket, PASSWORD, "+OK");
            pop3.send("RETR 1").expect("+OK");
            pop3.skipMultiLine();
            pop3.send("DELE 1").expect("+OK");
            pop3.send("QUIT").expect("+OK");
        }
    }

    /**
     * A message sent by {@code BDAT … LAST} whose last line has no CRLF, which only BDAT can send
     * (RFC 3030); returns its octets as sent.
     */
    static int bdatWithoutFinalLineEnd(int port, String recipient) throws IOException {
        String message = "From: sender@example.org\r\nTo: " + recipient + "\r\nSubject: chunked\r\n\r\nthe last line has no line end";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            Dialog smtp = new Dialog(socket);
            smtp.expect("220");
            smtp.send("EHLO client.example.org").expectSmtp("250");
            smtp.send("MAIL FROM:<sender@example.org>").expectSmtp("250");
            smtp.send("RCPT TO:<" + recipient + ">").expectSmtp("250");
            smtp.write("BDAT " + message.length() + " LAST\r\n" + message).expectSmtp("250");
            smtp.send("QUIT").expectSmtp("221");
        }
        return message.length();
    }

    /** What one POP3 session says of a maildrop's sizes, and the octets each RETR sends. */
    record Pop3Sizes(long statOctets, List<Long> listed, List<Long> retrieved) {
    }

    /**
     * Logs in, reads STAT and LIST, then RETRs every message and counts the octets of each as the
     * response carries them: every line with its CRLF, dot-stuffing undone (RFC 1939 §3).
     */
    static Pop3Sizes pop3Sizes(int tlsPort, String account, String password) throws IOException {
        try (Socket socket = tls(tlsPort)) {
            Dialog pop3 = pop3Login(socket, account, password, "+OK");
            String[] stat = pop3.send("STAT").line().split(" ");
            assertThat(stat[0]).as("STAT").isEqualTo("+OK");
            List<Long> listed = new ArrayList<>();
            pop3.send("LIST").expect("+OK");
            for (String line : pop3.multiLine()) {
                listed.add(Long.parseLong(line.split(" ")[1]));
            }
            List<Long> retrieved = new ArrayList<>();
            for (int message = 1; message <= listed.size(); message++) {
                pop3.send("RETR " + message).expect("+OK");
                retrieved.add(pop3.multiLine().stream().mapToLong(line -> (line.startsWith(".") ? line.length() - 1 : line.length()) + 2)
                        .sum());
            }
            pop3.send("QUIT").expect("+OK");
            return new Pop3Sizes(Long.parseLong(stat[2]), listed, retrieved);
        }
    }

    private static Dialog pop3Login(Socket socket, String password, String expected) throws IOException {
        return pop3Login(socket, ACCOUNT, password, expected);
    }

    private static Dialog pop3Login(Socket socket, String account, String password, String expected) throws IOException {
        Dialog pop3 = new Dialog(socket);
        pop3.expect("+OK");
        pop3.send("USER " + account).expect("+OK");
        pop3.send("PASS " + password).expect(expected);
        return pop3;
    }

    private static String plain(String password) {
        return Base64.getEncoder().encodeToString(("\0" + ACCOUNT + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void post(StartedService admin, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(admin.httpUrl() + path))
                .header("Authorization", "Bearer " + StartedService.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = StartedService.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(201);
    }

    /** The services' certificate is self-signed for the test: trust it without checking. */
    private static Socket tls(int port) throws IOException {
        SSLSocket socket = (SSLSocket) TrustingAnyone.context().getSocketFactory().createSocket("127.0.0.1", port);
        socket.startHandshake();
        return socket;
    }

    /** A line protocol exchange: send a line, check the start of the reply. */
    private static final class Dialog {
        private final BufferedReader in;
        private final OutputStream out;

        Dialog(Socket socket) throws IOException {
            socket.setSoTimeout(30_000);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        Dialog send(String line) throws IOException {
            return write(line + "\r\n");
        }

        /** Octets as they are, with no line end added. */
        Dialog write(String octets) throws IOException {
            out.write(octets.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        void expect(String start) throws IOException {
            String line = in.readLine();
            assertThat(line).as("reply").startsWith(start);
        }

        String line() throws IOException {
            String line = in.readLine();
            assertThat(line).as("reply").isNotNull();
            return line;
        }

        /** The lines of a multi-line response up to its terminating dot, as sent. */
        List<String> multiLine() throws IOException {
            List<String> lines = new ArrayList<>();
            for (String line = line(); !line.equals("."); line = line()) {
                lines.add(line);
            }
            return lines;
        }

        void skipMultiLine() throws IOException {
            String line;
            do {
                line = in.readLine();
                assertThat(line).as("multi-line response").isNotNull();
            } while (!line.equals("."));
        }

        /** An SMTP reply, multi-line ones included: its last line has a space after the code. */
        void expectSmtp(String code) throws IOException {
            String line;
            do {
                line = in.readLine();
                assertThat(line).as("reply").isNotNull().startsWith(code);
            } while (line.length() > 3 && line.charAt(3) == '-');
        }
    }
}
