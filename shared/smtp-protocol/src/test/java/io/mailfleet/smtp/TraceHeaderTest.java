package io.mailfleet.smtp;

import static io.mailfleet.smtp.Harness.content;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Received field (RFC 5321 §4.4, RFC 3848) and the submission header completion (RFC 6409 §8). */
class TraceHeaderTest {

    @Test
    void receivedFieldForOneRecipientOverPlainEsmtp() {
        Harness h = Harness.mx();
        List<Effect> e = h.send("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\nRCPT TO:<b@d.example>\r\nDATA\r\n");
        Envelope envelope = Harness.of(e, Effect.MessageStarted.class).get(0).envelope();
        String expected = "Received: from c.example ([192.0.2.7])\r\n"
                + "\tby mx.example.net with ESMTP id " + envelope.queueId() + "\r\n"
                + "\tfor <b@d.example>;\r\n"
                + "\tTue, 2 Jan 2024 03:04:05 +0000\r\n";
        assertThat(new String(envelope.receivedHeader(), StandardCharsets.UTF_8)).isEqualTo(expected);
        // The field is the first thing stored, ahead of the client's content.
        assertThat(new String(Harness.message(e), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void receivedFieldOmitsForWithSeveralRecipientsAndNamesTheProtocol() {
        Harness h = Harness.submission();
        List<Effect> e = h.send("MAIL FROM:<alice@example.net> SMTPUTF8\r\nRCPT TO:<b@d.example>\r\n"
                + "RCPT TO:<c@d.example>\r\nDATA\r\n");
        String received = new String(Harness.of(e, Effect.MessageStarted.class).get(0).envelope().receivedHeader(),
                StandardCharsets.UTF_8);
        assertThat(received).contains(" with UTF8SMTPSA id ").doesNotContain("for <");
    }

    @Test
    void protocolNames() {
        assertThat(TraceFields.protocol(false, false, false, false)).isEqualTo("SMTP");
        assertThat(TraceFields.protocol(true, false, false, false)).isEqualTo("ESMTP");
        assertThat(TraceFields.protocol(true, false, true, false)).isEqualTo("ESMTPS");
        assertThat(TraceFields.protocol(true, false, false, true)).isEqualTo("ESMTPA");
        assertThat(TraceFields.protocol(true, false, true, true)).isEqualTo("ESMTPSA");
        assertThat(TraceFields.addressLiteral("2001:db8::1")).isEqualTo("[IPv6:2001:db8::1]");
    }

    @Test
    void submissionAddsDateAndMessageIdWhenAbsent() {
        Harness h = Harness.submission();
        List<Effect> e = h.send("MAIL FROM:<alice@example.net>\r\nRCPT TO:<b@d.example>\r\nDATA\r\n"
                + "Subject: hi\r\n\r\nbody\r\n.\r\n");
        String queueId = Harness.of(e, Effect.MessageStarted.class).get(0).envelope().queueId();
        assertThat(content(e)).isEqualTo("Date: Tue, 2 Jan 2024 03:04:05 +0000\r\n"
                + "Message-ID: <" + queueId + "@mx.example.net>\r\nSubject: hi\r\n\r\nbody\r\n");
    }

    @Test
    void submissionKeepsPresentFieldsWithoutDuplicating() {
        Harness h = Harness.submission();
        String header = "date: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-Id : <x@y>\r\n\r\nbody\r\n";
        List<Effect> e = h.send("MAIL FROM:<alice@example.net>\r\nRCPT TO:<b@d.example>\r\nDATA\r\n" + header + ".\r\n");
        assertThat(content(e)).isEqualTo(header);
    }

    @Test
    void submissionCompletesAMessageThatIsAllHeader() {
        Harness h = Harness.submission();
        List<Effect> e = h.send("MAIL FROM:<alice@example.net>\r\nRCPT TO:<b@d.example>\r\nBDAT 12 LAST\r\nSubject: x\r\n");
        assertThat(content(e)).startsWith("Date: ").contains("\r\nMessage-ID: <").endsWith(">\r\nSubject: x\r\n");
    }

    @Test
    void oversizedHeaderIsPassedOnUnchanged() {
        Harness h = Harness.submission();
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < 800; i++) {
            header.append("X-Filler-").append(i).append(": ").append("f".repeat(80)).append("\r\n");
        }
        String message = header + "\r\nbody\r\n";
        List<Effect> e = h.send("MAIL FROM:<alice@example.net>\r\nRCPT TO:<b@d.example>\r\nDATA\r\n" + message + ".\r\n");
        assertThat(content(e)).isEqualTo(message);
    }

    @Test
    void mxAddsNoHeaderFields() {
        Harness h = Harness.mx();
        List<Effect> e = h.send("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\nRCPT TO:<b@d.example>\r\nDATA\r\n"
                + "Subject: hi\r\n\r\nbody\r\n.\r\n");
        assertThat(content(e)).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
    }
}
