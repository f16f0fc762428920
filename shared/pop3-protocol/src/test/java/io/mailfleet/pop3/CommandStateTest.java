package io.mailfleet.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command in every state (RFC 1939 §3: a command of another state gets -ERR): the response it gets. */
class CommandStateTest {

    private static final int SIZE_1 = Harness.MESSAGE_1.length();
    private static final int SIZE_2 = Harness.MESSAGE_2.length();
    private static final String WRONG_STATE = "-ERR Command not valid in this state";
    private static final String UNKNOWN = "-ERR Unknown command";
    private static final String NO_SUCH = "-ERR no such message, only 2 messages in maildrop";

    /** How to reach each state over implicit TLS. */
    private static final Map<String, String> STATES = Map.of(
            "authorization", "",
            "user given", "USER alice\r\n",
            "transaction", "USER alice\r\nPASS secret\r\n",
            "one deleted", "USER alice\r\nPASS secret\r\nDELE 1\r\n");

    static Stream<Arguments> table() {
        return Stream.of(
                // state, command, the first line of the response
                Arguments.of("authorization", "CAPA", "+OK Capability list follows"),
                Arguments.of("authorization", "CAPA x", "-ERR Syntax: CAPA"),
                Arguments.of("authorization", "USER alice", "+OK Send PASS"),
                Arguments.of("authorization", "user alice", "+OK Send PASS"),
                Arguments.of("authorization", "USER", "-ERR Syntax: USER name"),
                Arguments.of("authorization", "PASS secret", "-ERR Send USER first"),
                Arguments.of("authorization", "AUTH", "-ERR Syntax: AUTH mechanism [initial-response]"),
                Arguments.of("authorization", "AUTH CRAM-MD5", "-ERR Unrecognized authentication type"),
                Arguments.of("authorization", "AUTH PLAIN", "+ "),
                Arguments.of("authorization", "STLS", "-ERR Command not permitted when TLS active"),
                Arguments.of("authorization", "STAT", WRONG_STATE),
                Arguments.of("authorization", "LIST", WRONG_STATE),
                Arguments.of("authorization", "LIST 1", WRONG_STATE),
                Arguments.of("authorization", "RETR 1", WRONG_STATE),
                Arguments.of("authorization", "DELE 1", WRONG_STATE),
                Arguments.of("authorization", "NOOP", WRONG_STATE),
                Arguments.of("authorization", "RSET", WRONG_STATE),
                Arguments.of("authorization", "TOP 1 0", WRONG_STATE),
                Arguments.of("authorization", "UIDL", WRONG_STATE),
                Arguments.of("authorization", "UIDL 1", WRONG_STATE),
                Arguments.of("authorization", "APOP mrose c4c9334bac560ecc979e58001b3e22fb", UNKNOWN),
                Arguments.of("authorization", "XYZZY", UNKNOWN),
                Arguments.of("authorization", "", UNKNOWN),
                Arguments.of("authorization", "QUIT", "+OK pop.example.net POP3 server signing off"),
                Arguments.of("authorization", "quit", "+OK pop.example.net POP3 server signing off"),
                Arguments.of("authorization", "QUIT now", "-ERR Syntax: QUIT"),

                Arguments.of("user given", "PASS secret", "+OK alice's maildrop has 2 messages (" + (SIZE_1 + SIZE_2) + " octets)"),
                Arguments.of("user given", "pass secret", "+OK alice's maildrop has 2 messages (" + (SIZE_1 + SIZE_2) + " octets)"),
                Arguments.of("user given", "PASS wrong", "-ERR [AUTH] Authentication failed"),
                Arguments.of("user given", "PASS", "-ERR Syntax: PASS string"),
                Arguments.of("user given", "USER bob", "+OK Send PASS"),
                Arguments.of("user given", "STAT", WRONG_STATE),
                Arguments.of("user given", "QUIT", "+OK pop.example.net POP3 server signing off"),

                Arguments.of("transaction", "STAT", "+OK 2 " + (SIZE_1 + SIZE_2)),
                Arguments.of("transaction", "stat", "+OK 2 " + (SIZE_1 + SIZE_2)),
                Arguments.of("transaction", "STAT 1", "-ERR Syntax: STAT"),
                Arguments.of("transaction", "LIST", "+OK 2 messages (" + (SIZE_1 + SIZE_2) + " octets)"),
                Arguments.of("transaction", "LIST 1", "+OK 1 " + SIZE_1),
                Arguments.of("transaction", "LIST  2", "+OK 2 " + SIZE_2),
                Arguments.of("transaction", "LIST 002", "+OK 2 " + SIZE_2),
                Arguments.of("transaction", "LIST 0", NO_SUCH),
                Arguments.of("transaction", "LIST 3", NO_SUCH),
                Arguments.of("transaction", "LIST 99999999999999999999999", NO_SUCH),
                Arguments.of("transaction", "LIST x", "-ERR Syntax: LIST [msg]"),
                Arguments.of("transaction", "LIST -1", "-ERR Syntax: LIST [msg]"),
                Arguments.of("transaction", "LIST 1 2", "-ERR Syntax: LIST [msg]"),
                Arguments.of("transaction", "RETR 1", "+OK " + SIZE_1 + " octets"),
                Arguments.of("transaction", "RETR", "-ERR Syntax: RETR msg"),
                Arguments.of("transaction", "RETR 3", NO_SUCH),
                Arguments.of("transaction", "RETR +1", "-ERR Syntax: RETR msg"),
                Arguments.of("transaction", "TOP 1 0", "+OK Top of message follows"),
                Arguments.of("transaction", "TOP 1 99999999999999999999", "+OK Top of message follows"),
                Arguments.of("transaction", "TOP 1", "-ERR Syntax: TOP msg n"),
                Arguments.of("transaction", "TOP 1 -1", "-ERR Syntax: TOP msg n"),
                Arguments.of("transaction", "TOP 3 0", NO_SUCH),
                Arguments.of("transaction", "DELE 1", "+OK message 1 deleted"),
                Arguments.of("transaction", "DELE", "-ERR Syntax: DELE msg"),
                Arguments.of("transaction", "DELE 3", NO_SUCH),
                Arguments.of("transaction", "NOOP", "+OK"),
                Arguments.of("transaction", "NOOP x", "-ERR Syntax: NOOP"),
                Arguments.of("transaction", "RSET", "+OK maildrop has 2 messages (" + (SIZE_1 + SIZE_2) + " octets)"),
                Arguments.of("transaction", "RSET x", "-ERR Syntax: RSET"),
                Arguments.of("transaction", "UIDL", "+OK Unique-id listing follows"),
                Arguments.of("transaction", "UIDL 1", "+OK 1 " + Harness.ID_1),
                Arguments.of("transaction", "UIDL 3", NO_SUCH),
                Arguments.of("transaction", "UIDL 1 2", "-ERR Syntax: UIDL [msg]"),
                Arguments.of("transaction", "CAPA", "+OK Capability list follows"),
                Arguments.of("transaction", "USER alice", WRONG_STATE),
                Arguments.of("transaction", "PASS secret", WRONG_STATE),
                Arguments.of("transaction", "AUTH PLAIN", WRONG_STATE),
                Arguments.of("transaction", "STLS", WRONG_STATE),
                Arguments.of("transaction", "APOP mrose c4c9334bac560ecc979e58001b3e22fb", UNKNOWN),
                Arguments.of("transaction", "XYZZY", UNKNOWN),
                Arguments.of("transaction", "QUIT now", "-ERR Syntax: QUIT"),
                Arguments.of("transaction", "QUIT", "+OK pop.example.net POP3 server signing off (2 messages left)"),

                Arguments.of("one deleted", "STAT", "+OK 1 " + SIZE_2),
                Arguments.of("one deleted", "LIST", "+OK 1 message (" + SIZE_2 + " octets)"),
                Arguments.of("one deleted", "LIST 1", "-ERR message 1 already deleted"),
                Arguments.of("one deleted", "LIST 2", "+OK 2 " + SIZE_2),
                Arguments.of("one deleted", "RETR 1", "-ERR message 1 already deleted"),
                Arguments.of("one deleted", "TOP 1 0", "-ERR message 1 already deleted"),
                Arguments.of("one deleted", "DELE 1", "-ERR message 1 already deleted"),
                Arguments.of("one deleted", "UIDL 1", "-ERR message 1 already deleted"),
                Arguments.of("one deleted", "LIST 3", NO_SUCH),
                Arguments.of("one deleted", "RSET", "+OK maildrop has 2 messages (" + (SIZE_1 + SIZE_2) + " octets)"),
                Arguments.of("one deleted", "QUIT", "+OK pop.example.net POP3 server signing off (1 message left)"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("table")
    void response(String state, String command, String expected) {
        Harness h = Harness.tls();
        h.send(STATES.get(state));
        String response = h.send(command + "\r\n");
        assertThat(response.substring(0, response.indexOf("\r\n"))).isEqualTo(expected);
    }

    @Test
    void listingsLeaveOutDeletedMessages() {
        Harness h = Harness.transaction();
        h.send("DELE 1\r\n");
        assertThat(h.send("LIST\r\n")).isEqualTo("+OK 1 message (" + Harness.MESSAGE_2.length() + " octets)\r\n"
                + "2 " + Harness.MESSAGE_2.length() + "\r\n.\r\n");
        assertThat(h.send("UIDL\r\n")).isEqualTo("+OK Unique-id listing follows\r\n2 " + Harness.ID_2 + "\r\n.\r\n");
        h.send("DELE 2\r\n");
        assertThat(h.send("LIST\r\n")).isEqualTo("+OK 0 messages (0 octets)\r\n.\r\n");
        assertThat(h.send("STAT\r\n")).isEqualTo("+OK 0 0\r\n");
    }

    @Test
    void anEmptyMaildrop() {
        Harness h = new Harness(Pop3Settings.defaults(Harness.HOST).withTls(true, false), Map.of());
        assertThat(h.send("USER alice\r\nPASS secret\r\n"))
                .isEqualTo("+OK Send PASS\r\n+OK alice's maildrop has 0 messages (0 octets)\r\n");
        assertThat(h.send("LIST\r\nUIDL\r\nRETR 1\r\n")).isEqualTo("+OK 0 messages (0 octets)\r\n.\r\n"
                + "+OK Unique-id listing follows\r\n.\r\n-ERR no such message, only 0 messages in maildrop\r\n");
    }

    @Test
    void passwordIsTheWholeRestOfTheLine() {
        Harness h = Harness.tls();
        h.send("USER alice\r\nPASS  two words \r\n");
        assertThat(h.asked(Question.Authenticate.class))
                .containsExactly(new Question.Authenticate("USER", "alice", " two words "));
    }
}
