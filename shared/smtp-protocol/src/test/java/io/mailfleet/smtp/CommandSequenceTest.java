package io.mailfleet.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command in every command state (RFC 5321 §4.1.4, §4.3.2): the reply it gets. */
class CommandSequenceTest {

    /** How to reach each state from a fresh MX session. */
    private static final Map<String, String> STATES = Map.of(
            "fresh", "",
            "helo", "HELO c.example\r\n",
            "ehlo", "EHLO c.example\r\n",
            "mail", "EHLO c.example\r\nMAIL FROM:<a@c.example>\r\n",
            "rcpt", "EHLO c.example\r\nMAIL FROM:<a@c.example>\r\nRCPT TO:<b@d.example>\r\n",
            "bdat", "EHLO c.example\r\nMAIL FROM:<a@c.example>\r\nRCPT TO:<b@d.example>\r\nBDAT 1\r\nx");

    static Stream<Arguments> table() {
        return Stream.of(
                // state, command, expected reply start
                Arguments.of("fresh", "EHLO c.example", "250-mx.example.net"),
                Arguments.of("fresh", "HELO c.example", "250 mx.example.net"),
                Arguments.of("fresh", "EHLO", "501 5.5.4"),
                Arguments.of("fresh", "EHLO bad(name)", "501 5.5.4"),
                Arguments.of("fresh", "MAIL FROM:<a@c.example>", "503 5.5.1"),
                Arguments.of("fresh", "RCPT TO:<b@d.example>", "503 5.5.1"),
                Arguments.of("fresh", "DATA", "503 5.5.1"),
                Arguments.of("fresh", "RSET", "250 2.0.0"),
                Arguments.of("fresh", "NOOP", "250 2.0.0"),
                Arguments.of("fresh", "VRFY postmaster", "252 2.0.0"),
                Arguments.of("fresh", "VRFY", "501 5.5.4"),
                Arguments.of("fresh", "HELP", "214-2.0.0"),
                Arguments.of("fresh", "EXPN staff", "502 5.5.1"),
                Arguments.of("fresh", "FROB", "500 5.5.2"),
                Arguments.of("fresh", "QUIT", "221 2.0.0"),
                Arguments.of("fresh", "QUIT now", "501 5.5.4"),
                Arguments.of("fresh", "RSET x", "501 5.5.4"),
                Arguments.of("helo", "MAIL FROM:<a@c.example>", "250 2.1.0"),
                Arguments.of("helo", "MAIL FROM:<a@c.example> BODY=8BITMIME", "555 5.5.4"),
                Arguments.of("helo", "BDAT 0 LAST", "503 5.5.1"),
                Arguments.of("ehlo", "mail from:<a@c.example>", "250 2.1.0"),
                Arguments.of("ehlo", "MAIL FROM: <a@c.example>", "250 2.1.0"),
                Arguments.of("ehlo", "MAIL FROM:<>", "250 2.1.0"),
                Arguments.of("ehlo", "MAIL FROM:<@relay.example:a@c.example>", "250 2.1.0"),
                Arguments.of("ehlo", "MAIL FROM:a@c.example", "501 5.5.4"),
                Arguments.of("ehlo", "MAIL TO:<a@c.example>", "501 5.5.4"),
                Arguments.of("ehlo", "MAIL FROM:<a@@c.example>", "553 5.1.7"),
                Arguments.of("ehlo", "MAIL FROM:<a@c.example> FOO=1", "555 5.5.4"),
                Arguments.of("ehlo", "MAIL FROM:<a@c.example> SIZE=1 SIZE=2", "501 5.5.4"),
                Arguments.of("ehlo", "DATA", "503 5.5.1"),
                Arguments.of("ehlo", "BDAT 0 LAST", "503 5.5.1"),
                Arguments.of("mail", "MAIL FROM:<a@c.example>", "503 5.5.1"),
                Arguments.of("mail", "RCPT TO:<b@d.example>", "250 2.1.5"),
                Arguments.of("mail", "RCPT TO:<Postmaster>", "250 2.1.5"),
                Arguments.of("mail", "RCPT TO:<\"john doe\"@d.example>", "250 2.1.5"),
                Arguments.of("mail", "RCPT TO:<a%b@d.example>", "250 2.1.5"),
                Arguments.of("mail", "RCPT TO:<@x.example,@y.example:b@d.example>", "250 2.1.5"),
                Arguments.of("mail", "RCPT TO:<b>", "501 5.1.3"),
                Arguments.of("mail", "RCPT TO:<b@d.example> XYZ", "555 5.5.4"),
                Arguments.of("mail", "RCPT TO:<unknown@d.example>", "550 5.1.1"),
                Arguments.of("mail", "DATA", "554 5.5.0"),
                Arguments.of("mail", "BDAT 0 LAST", "554 5.5.0"),
                Arguments.of("mail", "RSET", "250 2.0.0"),
                Arguments.of("rcpt", "DATA", "354"),
                Arguments.of("rcpt", "DATA now", "501 5.5.4"),
                Arguments.of("rcpt", "MAIL FROM:<a@c.example>", "503 5.5.1"),
                Arguments.of("rcpt", "BDAT 0 LAST", "250 2.0.0 Ok: queued"),
                Arguments.of("rcpt", "EHLO c.example", "250-mx.example.net"),
                Arguments.of("bdat", "RCPT TO:<c@d.example>", "503 5.5.1"),
                Arguments.of("bdat", "MAIL FROM:<a@c.example>", "503 5.5.1"),
                Arguments.of("bdat", "DATA", "503 5.5.1"),
                Arguments.of("bdat", "NOOP", "250 2.0.0"),
                Arguments.of("bdat", "BDAT 0 LAST", "250 2.0.0 Ok: queued"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("table")
    void replyInState(String state, String command, String expected) {
        Harness h = Harness.mx();
        h.send(STATES.get(state));
        String reply = Harness.replies(h.send(command + "\r\n"));
        assertThat(reply).startsWith(expected);
    }
}
