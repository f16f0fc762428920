package io.mailfleet.pop3.gateway;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.pop3.gateway.server.Backends;
import io.mailfleet.pop3.gateway.server.Pop3Listeners;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.mailfleet.testing.tls.TrustingAnyone;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account isolation over POP3 (docs/architecture.md, invariant 7): user names that point at another
 * account by path or namespace, SASL PLAIN with the other account as authorization identity, and
 * every command a logged-in user has, by message numbers in and out of range. Nothing of the other
 * maildrop is ever sent, and it is the same afterwards.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.pop3"))
class Pop3IsolationIT {

    private static final String SECRET = "SECRET-OF-THE-OTHER-ACCOUNT";

    @Inject
    Backends backends;
    @Inject
    Pop3Listeners listeners;

    @Test
    void nothingOfAnotherMaildropIsSentWhateverTheNameOrNumber() throws Exception {
        Mailboxes mailboxes = new Mailboxes(backends);
        MailAddress other = mailboxes.account();
        mailboxes.deliver(other, Mailboxes.message("Hidden", SECRET));
        mailboxes.deliver(other, Mailboxes.message("Hidden too", SECRET));
        MailAddress user = mailboxes.account();
        mailboxes.deliver(user, Mailboxes.message("Mine", "my own body"));
        int otherBefore = mailboxes.messages(other).size();

        List<String> transcript = new ArrayList<>();
        // Names that lead elsewhere with the user's own password: no session, whatever the name means.
        for (String name : List.of("../" + other, other + "/INBOX", "#user/" + other, user + "/../" + other)) {
            try (Pop3 pop3 = Pop3.connect(listeners.port(Pop3Listeners.IMPLICIT_TLS))) {
                transcript.add(pop3.command("USER " + name));
                String pass = pop3.command("PASS " + Mailboxes.PASSWORD);
                transcript.add(pass);
                assertThat(pass).as("USER " + name).startsWith("-ERR");
            }
        }
        try (Pop3 pop3 = Pop3.connect(listeners.port(Pop3Listeners.IMPLICIT_TLS))) {
            String plain = Base64.getEncoder().encodeToString((other + "\0" + user + "\0" + Mailboxes.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            String foreign = pop3.command("AUTH PLAIN " + plain);
            transcript.add(foreign);
            assertThat(foreign).as("an authorization identity of another account").startsWith("-ERR");
        }

        try (Pop3 pop3 = login(user)) {
            String stat = pop3.command("STAT");
            assertThat(stat).as("the user's own maildrop").startsWith("+OK 1 ");
            transcript.add(stat);
            transcript.add(pop3.multiline("LIST"));
            transcript.add(pop3.multiline("UIDL"));
            String own = pop3.multiline("RETR 1");
            assertThat(own).contains("my own body");
            transcript.add(own);
            transcript.add(pop3.command("QUIT"));
        }
        // A session a number: malformed ones count towards the limit of bad commands that ends a session.
        for (String number : List.of("0", "2", "3", "-1", "4294967297", "1 2", "+2")) {
            try (Pop3 pop3 = login(user)) {
                transcript.add(pop3.multiline("RETR " + number));
                transcript.add(pop3.multiline("TOP " + number + " 10"));
                transcript.add(pop3.command("LIST " + number));
                transcript.add(pop3.command("UIDL " + number));
                transcript.add(pop3.command("DELE " + number));
                transcript.add(pop3.command("RSET"));
                transcript.add(pop3.command("QUIT"));
            }
        }

        assertThat(String.join("\n", transcript)).as("what the user was sent").doesNotContain(SECRET).doesNotContain("Hidden");
        assertThat(mailboxes.messages(other)).as("the other maildrop").hasSize(otherBefore);
        assertThat(mailboxes.messages(user)).as("nothing deleted at QUIT after RSET").hasSize(1);
    }

    private Pop3 login(MailAddress user) throws IOException {
        Pop3 pop3 = Pop3.connect(listeners.port(Pop3Listeners.IMPLICIT_TLS));
        assertThat(pop3.command("USER " + user)).startsWith("+OK");
        assertThat(pop3.command("PASS " + Mailboxes.PASSWORD)).startsWith("+OK");
        return pop3;
    }

    /** A POP3 connection over implicit TLS, command by command. */
    private static final class Pop3 implements AutoCloseable {

        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        private Pop3(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(60_000);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        static Pop3 connect(int port) throws IOException {
            Pop3 pop3 = new Pop3(TrustingAnyone.context().getSocketFactory().createSocket("127.0.0.1", port));
            assertThat(pop3.in.readLine()).startsWith("+OK");
            return pop3;
        }

        /** A command with a one-line answer. */
        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = in.readLine();
            assertThat(answer).as("answer to " + line).isNotNull();
            return answer;
        }

        /** A command whose +OK is followed by lines up to the lone dot. */
        String multiline(String line) throws IOException {
            StringBuilder answer = new StringBuilder(command(line));
            if (answer.toString().startsWith("+OK")) {
                for (String next = in.readLine(); next != null && !next.equals("."); next = in.readLine()) {
                    answer.append('\n').append(next);
                }
            }
            return answer.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
