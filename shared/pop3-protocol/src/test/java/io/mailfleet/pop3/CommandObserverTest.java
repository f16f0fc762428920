package io.mailfleet.pop3;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The keywords a session reports for the per-command metrics. */
class CommandObserverTest {

    @Test
    void pipelinedCommandsAreReportedInOrderAndUnknownOnesAsOther() {
        Pop3Session session = new Pop3Session(Pop3Settings.defaults(Harness.HOST).withTls(true, false));
        List<String> keywords = new ArrayList<>();
        session.observeCommands(keywords::add);
        session.receive("capa\r\nXTND XMIT\r\nUSER alice\r\nPASS secret\r\n".getBytes());
        session.answer(new Answer.Authenticated("alice"));
        session.answer(new Answer.Opened(List.of(new MaildropMessage("a", 10))));
        session.receive("STAT\r\nQUIT\r\n".getBytes());
        assertThat(keywords).containsExactly("CAPA", "OTHER", "USER", "PASS", "STAT", "QUIT");
    }
}
