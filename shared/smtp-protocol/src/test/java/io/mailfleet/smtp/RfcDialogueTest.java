package io.mailfleet.smtp;

import static io.mailfleet.smtp.Harness.codes;
import static io.mailfleet.smtp.Harness.content;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example dialogues of the RFCs, replayed against the session. */
class RfcDialogueTest {

    @Test
    void greetingHasNoEnhancedCode() {
        // RFC 2034 §4 exempts the greeting from enhanced codes.
        assertThat(Harness.replies(Harness.mx().session.greeting())).isEqualTo("220 mx.example.net ESMTP ready\r\n");
    }

    @Test
    void rfc5321AppendixD1TypicalTransaction() {
        Harness h = Harness.mx();
        List<Effect> e = new ArrayList<>();
        e.addAll(h.send("EHLO bar.com\r\n"));
        e.addAll(h.send("MAIL FROM:<Smith@bar.com>\r\n"));
        e.addAll(h.send("RCPT TO:<Jones@foo.com>\r\n"));
        e.addAll(h.send("RCPT TO:<Green@foo.com>\r\n"));
        e.addAll(h.send("RCPT TO:<Brown@foo.com>\r\n"));
        e.addAll(h.send("DATA\r\n"));
        e.addAll(h.send("Blah blah blah...\r\n...etc. etc. etc.\r\n.\r\n"));
        e.addAll(h.send("QUIT\r\n"));
        assertThat(codes(e)).containsExactly(250, 250, 250, 250, 250, 354, 250, 221);
        assertThat(content(e)).isEqualTo("Blah blah blah...\r\n..etc. etc. etc.\r\n");
        assertThat(e.get(e.size() - 1)).isInstanceOf(Effect.Close.class);
        assertThat(Harness.replies(e)).contains("250 2.0.0 Ok: queued as ");
    }

    @Test
    void ehloAdvertisesTheExtensionsOfAnMxWithStartTls() {
        String reply = Harness.replies(Harness.mx().send("EHLO client.example\r\n"));
        assertThat(reply).isEqualTo("250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250-8BITMIME\r\n"
                + "250-SMTPUTF8\r\n250-CHUNKING\r\n250-BINARYMIME\r\n250-DSN\r\n250-ENHANCEDSTATUSCODES\r\n"
                + "250 STARTTLS\r\n");
    }

    @Test
    void rfc2920PipelinedGroupIsAnsweredInOrderFromOneChunk() {
        // RFC 2920 §3.2 example: MAIL, RCPT×3 and DATA in one write; one recipient is refused.
        Harness h = Harness.mx();
        h.send("EHLO dbc.mtview.ca.us\r\n");
        List<Effect> e = h.send("MAIL FROM:<mrose@dbc.mtview.ca.us>\r\nRCPT TO:<ned@innosoft.com>\r\n"
                + "RCPT TO:<dan@innosoft.com>\r\nRCPT TO:<unknown@innosoft.com>\r\nDATA\r\n");
        assertThat(codes(e)).containsExactly(250, 250, 250, 550, 354);
        e = h.send("Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nhi\r\n.\r\nQUIT\r\n");
        assertThat(codes(e)).containsExactly(250, 221);
    }

    @Test
    void rfc2920DataAfterOnlyFailedRecipientsGets554() {
        Harness h = Harness.mx();
        h.send("EHLO c.example\r\n");
        List<Effect> e = h.send("MAIL FROM:<a@c.example>\r\nRCPT TO:<unknown@d.example>\r\nDATA\r\n");
        assertThat(Harness.replies(e)).endsWith("554 5.5.0 No valid recipients\r\n");
    }

    @Test
    void rfc3030ChunkingExample() {
        // RFC 3030 §4.1 (simple chunking), with the chunk sizes counted exactly.
        Harness h = Harness.mx();
        h.send("EHLO alpha.example\r\n");
        String first = "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\nSubject: test\r\n\r\n";
        String second = "Hi Bob\r\n";
        List<Effect> e = h.send("MAIL FROM:<Sam@Random.com>\r\nRCPT TO:<Susan@Random.com>\r\n"
                + "BDAT " + first.length() + "\r\n" + first
                + "BDAT " + second.length() + " LAST\r\n" + second);
        assertThat(codes(e)).containsExactly(250, 250, 250, 250);
        assertThat(Harness.replies(e)).contains("250 2.0.0 Ok, " + first.length() + " octets received");
        assertThat(content(e)).isEqualTo(first + second);
    }

    @Test
    void rfc4954PlainWithInitialResponse() {
        Harness h = new Harness(SmtpSettings.defaults(Harness.HOST, io.mailfleet.model.event.Listener.SUBMISSIONS));
        h.send("EHLO client.example\r\n");
        // RFC 4954 §4 example: AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ= is test / test / 1234.
        h.policy = q -> new Answer.Authenticated("test");
        List<Effect> e = h.send("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n");
        Question.Authenticate asked = (Question.Authenticate) Harness.of(e, Effect.Decide.class).get(0).question();
        assertThat(asked.username()).isEqualTo("test");
        assertThat(asked.password()).isEqualTo("1234");
        assertThat(Harness.replies(e)).isEqualTo("235 2.7.0 Authentication successful\r\n");
    }

    @Test
    void rfc4954PlainWithEmptyChallenge() {
        Harness h = new Harness(SmtpSettings.defaults(Harness.HOST, io.mailfleet.model.event.Listener.SUBMISSIONS));
        h.send("EHLO client.example\r\n");
        assertThat(Harness.replies(h.send("AUTH PLAIN\r\n"))).isEqualTo("334 \r\n");
        assertThat(Harness.replies(h.send(Harness.base64("\0bob\0secret") + "\r\n"))).startsWith("235 2.7.0");
    }
}
