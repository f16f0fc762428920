package io.mailfleet.pop3;

import static io.mailfleet.pop3.Harness.base64;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AUTH PLAIN and LOGIN (RFC 5034), and what follows rejected credentials. */
class AuthTest {

    private static final String LOGGED_IN = "+OK alice's maildrop has 2 messages (82 octets)\r\n";

    @Test
    void plainWithInitialResponse() {
        Harness h = Harness.tls();
        assertThat(h.send("AUTH PLAIN " + base64("\0alice\0secret") + "\r\n")).isEqualTo(LOGGED_IN);
        assertThat(h.asked.get(0)).isEqualTo(new Question.Authenticate("PLAIN", "alice", "secret"));
        assertThat(h.asked.get(1)).isEqualTo(new Question.OpenMaildrop("alice"));
    }

    @Test
    void plainWithContinuation() {
        Harness h = Harness.tls();
        // RFC 5034 §4: an empty challenge is "+" and a space.
        assertThat(h.send("auth plain\r\n")).isEqualTo("+ \r\n");
        assertThat(h.send(base64("alice\0alice\0secret") + "\r\n")).isEqualTo(LOGGED_IN);
    }

    @Test
    void plainWithAForeignAuthorizationIdentityIsRefusedAsALogin() {
        Harness h = Harness.tls();
        assertThat(h.send("AUTH PLAIN " + base64("bob\0alice\0secret") + "\r\n"))
                .isEqualTo("-ERR [AUTH] Authorization identity must be empty or the authentication identity\r\n");
        assertThat(h.asked).isEmpty();
        assertThat(h.delays).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void login() {
        Harness h = Harness.tls();
        assertThat(h.send("AUTH LOGIN\r\n")).isEqualTo("+ VXNlcm5hbWU6\r\n");
        assertThat(h.send(base64("alice") + "\r\n")).isEqualTo("+ UGFzc3dvcmQ6\r\n");
        assertThat(h.send(base64("secret") + "\r\n")).isEqualTo(LOGGED_IN);
        assertThat(h.asked.get(0)).isEqualTo(new Question.Authenticate("LOGIN", "alice", "secret"));
    }

    @Test
    void loginWithTheNameAsInitialResponse() {
        Harness h = Harness.tls();
        assertThat(h.send("AUTH LOGIN " + base64("alice") + "\r\n")).isEqualTo("+ UGFzc3dvcmQ6\r\n");
        assertThat(h.send(base64("secret") + "\r\n")).isEqualTo(LOGGED_IN);
    }

    @Test
    void cancelledExchangesLeaveTheSessionReadingCommands() {
        Harness h = Harness.tls();
        h.send("AUTH PLAIN\r\n");
        assertThat(h.send("*\r\n")).isEqualTo("-ERR Authentication cancelled\r\n");
        h.send("AUTH LOGIN\r\n" + base64("alice") + "\r\n");
        assertThat(h.send("*\r\nUSER alice\r\n")).isEqualTo("-ERR Authentication cancelled\r\n+OK Send PASS\r\n");
        assertThat(h.asked).isEmpty();
    }

    @Test
    void malformedResponses() {
        Harness h = Harness.tls();
        assertThat(h.send("AUTH PLAIN !!!notbase64\r\n")).isEqualTo("-ERR Cannot decode the response as base64 UTF-8\r\n");
        h.send("AUTH PLAIN\r\n");
        assertThat(h.send("dGVzdA=\r\n")).isEqualTo("-ERR Cannot decode the response as base64 UTF-8\r\n");
        // Valid base64 of an octet that is not UTF-8.
        assertThat(h.send("AUTH PLAIN /w==\r\n"))
                .isEqualTo("-ERR Cannot decode the response as base64 UTF-8\r\n");
        assertThat(h.send("AUTH PLAIN " + base64("no separators") + "\r\n")).isEqualTo("-ERR Malformed PLAIN response\r\n");
        assertThat(h.send("AUTH PLAIN " + base64("\0\0secret") + "\r\n")).isEqualTo("-ERR Malformed PLAIN response\r\n");
        // RFC 5034 §4: "=" is an empty initial response, which PLAIN cannot use.
        assertThat(h.send("AUTH PLAIN =\r\n")).isEqualTo("-ERR Malformed PLAIN response\r\n");
        assertThat(h.send("AUTH PLAIN a b\r\n")).isEqualTo("-ERR Syntax: AUTH mechanism [initial-response]\r\n");
        // After each, the next line is a command again.
        assertThat(h.send("CAPA\r\n")).startsWith("+OK Capability list follows");
        assertThat(h.asked).isEmpty();
        assertThat(h.delays).isEmpty();
    }

    @Test
    void longInitialResponsesAndSaslLinesUpToTheirBound() {
        Harness h = Harness.tls();
        String longPassword = "p".repeat(600);
        h.policy = q -> new Answer.Rejected();
        // RFC 5034 §4 asks clients to keep AUTH within 255 octets; a longer one is taken all the same.
        assertThat(h.send("AUTH PLAIN " + base64("\0alice\0" + longPassword) + "\r\n"))
                .isEqualTo("-ERR [AUTH] Authentication failed\r\n");
        assertThat(((Question.Authenticate) h.asked.get(0)).password()).isEqualTo(longPassword);
        h.send("AUTH LOGIN\r\n");
        assertThat(h.send("A".repeat(Pop3Settings.SASL_LINE) + "\r\nCAPA\r\n"))
                .startsWith("-ERR Line too long\r\n+OK Capability list follows\r\n");
    }

    @Test
    void rejectedCredentialsAreAnsweredAfterAGrowingDelayAndTheThirdCloses() {
        Pop3Session session = new Pop3Session(Pop3Settings.defaults(Harness.HOST).withTls(true, false));
        for (int attempt = 1; attempt <= 3; attempt++) {
            session.receive("USER alice\r\n".getBytes());
            List<Effect> asked = session.receive("PASS wrong\r\n".getBytes());
            assertThat(asked).hasSize(1).first().isInstanceOf(Effect.Decide.class);
            List<Effect> delayed = session.answer(new Answer.Rejected());
            assertThat(delayed).containsExactly(new Effect.Delay(Duration.ofSeconds(2L * attempt)));
            assertThat(session.awaitingWiring()).isTrue();
            assertThat(session.idleTimeout()).isEmpty();
            // Nothing is read while the delay runs.
            assertThat(session.receive("CAPA\r\n".getBytes())).isEmpty();
            List<Effect> after = session.delayElapsed();
            if (attempt < 3) {
                assertThat(Harness.replies(after)).startsWith("-ERR [AUTH] Authentication failed\r\n"
                        + "+OK Capability list follows\r\n");
                assertThat(session.isClosed()).isFalse();
            } else {
                assertThat(after).containsExactly(
                        new Effect.Reply(Pop3Reply.err("[AUTH] Authentication failed, closing connection")),
                        new Effect.Close());
            }
        }
        assertThat(session.isClosed()).isTrue();
    }

    @Test
    void failuresOfUserPassAndAuthCountTogether() {
        Harness h = Harness.tls();
        h.send("USER alice\r\nPASS wrong\r\n");
        h.send("AUTH PLAIN " + base64("\0alice\0wrong") + "\r\n");
        String last = h.send("AUTH PLAIN " + base64("bob\0alice\0secret") + "\r\nUSER alice\r\n");
        assertThat(last).isEqualTo("-ERR [AUTH] Authentication failed, closing connection\r\n");
        assertThat(h.delays).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(6));
        assertThat(h.closed).isTrue();
    }

    @Test
    void unavailableAccountStoreIsATemporaryErrorAndNoFailedLogin() {
        Harness h = Harness.tls();
        h.policy = q -> new Answer.Unavailable();
        for (int i = 0; i < 5; i++) {
            assertThat(h.send("USER alice\r\nPASS secret\r\n"))
                    .isEqualTo("+OK Send PASS\r\n-ERR [SYS/TEMP] Authentication unavailable, try again later\r\n");
        }
        assertThat(h.delays).isEmpty();
        assertThat(h.closed).isFalse();
    }
}
