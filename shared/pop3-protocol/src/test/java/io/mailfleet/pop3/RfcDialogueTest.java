package io.mailfleet.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example dialogues of RFC 1939, replayed against the session; APOP is replaced by USER and PASS. */
class RfcDialogueTest {

    /** A stored message of exactly {@code size} octets, CRLF line ends, one line starting with a dot. */
    private static String messageOf(int size, String subject) {
        String head = "Subject: " + subject + "\r\n\r\n.leading dot\r\n";
        String line = "x".repeat(size - head.length() - 2) + "\r\n";
        return head + line;
    }

    private static Harness dewey() {
        Map<String, String> contents = new LinkedHashMap<>();
        contents.put(Harness.ID_1, messageOf(120, "first"));
        contents.put(Harness.ID_2, messageOf(200, "second"));
        return new Harness(Pop3Settings.defaults("dewey").withTls(true, false), contents);
    }

    @Test
    void rfc1939Section10ExampleSession() {
        Harness h = dewey();
        String first = h.contents.get(Harness.ID_1);
        String second = h.contents.get(Harness.ID_2);
        assertThat(first).hasSize(120);
        assertThat(second).hasSize(200);

        assertThat(h.greet()).isEqualTo("+OK dewey POP3 server ready\r\n");
        assertThat(h.send("USER mrose\r\n")).isEqualTo("+OK Send PASS\r\n");
        assertThat(h.send("PASS secret\r\n")).isEqualTo("+OK mrose's maildrop has 2 messages (320 octets)\r\n");
        assertThat(h.send("STAT\r\n")).isEqualTo("+OK 2 320\r\n");
        assertThat(h.send("LIST\r\n")).isEqualTo("+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n");
        assertThat(h.send("RETR 1\r\n")).isEqualTo("+OK 120 octets\r\n" + first.replace("\n.", "\n..") + ".\r\n");
        assertThat(h.send("DELE 1\r\n")).isEqualTo("+OK message 1 deleted\r\n");
        assertThat(h.send("RETR 2\r\n")).isEqualTo("+OK 200 octets\r\n" + second.replace("\n.", "\n..") + ".\r\n");
        assertThat(h.send("DELE 2\r\n")).isEqualTo("+OK message 2 deleted\r\n");
        assertThat(h.send("QUIT\r\n")).isEqualTo("+OK dewey POP3 server signing off (maildrop empty)\r\n");

        assertThat(h.closed).isTrue();
        assertThat(h.asked(Question.CommitDeletions.class))
                .containsExactly(new Question.CommitDeletions("mrose", List.of(Harness.ID_1, Harness.ID_2)));
    }

    @Test
    void rfc1939CommandExamples() {
        Harness h = dewey();
        h.send("USER mrose\r\nPASS secret\r\n");
        // §5 LIST, DELE, RSET; §7 UIDL: the texts of the examples.
        assertThat(h.send("LIST 2\r\n")).isEqualTo("+OK 2 200\r\n");
        assertThat(h.send("LIST 3\r\n")).isEqualTo("-ERR no such message, only 2 messages in maildrop\r\n");
        assertThat(h.send("UIDL\r\n")).isEqualTo("+OK Unique-id listing follows\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n"
                + "2 QhdPYR:00WBw1Ph7x7\r\n.\r\n");
        assertThat(h.send("UIDL 2\r\n")).isEqualTo("+OK 2 QhdPYR:00WBw1Ph7x7\r\n");
        assertThat(h.send("UIDL 3\r\n")).isEqualTo("-ERR no such message, only 2 messages in maildrop\r\n");
        assertThat(h.send("DELE 1\r\n")).isEqualTo("+OK message 1 deleted\r\n");
        assertThat(h.send("DELE 1\r\n")).isEqualTo("-ERR message 1 already deleted\r\n");
        assertThat(h.send("RSET\r\n")).isEqualTo("+OK maildrop has 2 messages (320 octets)\r\n");
        assertThat(h.send("NOOP\r\n")).isEqualTo("+OK\r\n");
        assertThat(h.send("QUIT\r\n")).isEqualTo("+OK dewey POP3 server signing off (2 messages left)\r\n");
        assertThat(h.asked(Question.CommitDeletions.class)).containsExactly(new Question.CommitDeletions("mrose", List.of()));
    }

    @Test
    void rfc1939QuitInAuthorizationState() {
        Harness h = dewey();
        assertThat(h.send("QUIT\r\n")).isEqualTo("+OK dewey POP3 server signing off\r\n");
        assertThat(h.closed).isTrue();
        assertThat(h.asked).isEmpty();
    }

    @Test
    void rfc1939TopExample() {
        Harness h = Harness.transaction();
        assertThat(h.send("TOP 1 1\r\n")).isEqualTo("+OK Top of message follows\r\n"
                + "From: a@example.net\r\nSubject: one\r\n\r\nHello\r\n.\r\n");
        assertThat(h.send("TOP 1 0\r\n")).isEqualTo("+OK Top of message follows\r\n"
                + "From: a@example.net\r\nSubject: one\r\n\r\n.\r\n");
        assertThat(h.send("TOP 2 100\r\n")).isEqualTo("+OK Top of message follows\r\n"
                + "From: b@example.net\r\n\r\nSecond\r\n.\r\n");
    }
}
