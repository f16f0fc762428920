package io.mailfleet.smtp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The verbs a session reports for the per-command metrics, and that each gets its final reply in order. */
class CommandObserverTest {

    @Test
    void pipelinedCommandsAreReportedInOrderEachWithOneFinalReply() {
        Harness h = Harness.mx();
        List<String> verbs = new ArrayList<>();
        h.session.observeCommands(verbs::add);
        List<Effect> effects = h.send("ehlo client.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\n"
                + "RCPT TO:<unknown@example.net>\r\nDATA\r\nSubject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n");
        assertThat(verbs).containsExactly("EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT");
        // DATA's 354 asks for the message; its final reply is the 250 after it.
        assertThat(Harness.codes(effects).stream().filter(code -> code / 100 != 3))
                .containsExactly(250, 250, 250, 550, 250, 221);
    }

    @Test
    void unknownVerbsAreReportedAsOtherSoTheNamesStayBounded() {
        Harness h = Harness.mx();
        List<String> verbs = new ArrayList<>();
        h.session.observeCommands(verbs::add);
        h.send("XYZZY\r\nGET / HTTP/1.1\r\nNOOP\r\n");
        assertThat(verbs).containsExactly("OTHER", "OTHER", "NOOP");
    }
}
