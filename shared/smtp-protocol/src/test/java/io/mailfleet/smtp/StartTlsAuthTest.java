package io.mailfleet.smtp;

import static io.mailfleet.smtp.Harness.base64;
import static io.mailfleet.smtp.Harness.codes;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.TlsInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** STARTTLS (RFC 3207) and AUTH PLAIN/LOGIN (RFC 4954). */
class StartTlsAuthTest {

    private static final TlsInfo TLS = new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256");

    private static Harness submissionBeforeTls() {
        Harness h = new Harness(SmtpSettings.defaults(Harness.HOST, Listener.SUBMISSION));
        h.send("EHLO client.example\r\n");
        return h;
    }

    @Test
    void startTlsDiscardsCommandsPipelinedBeforeTheHandshake() {
        // CVE-2011-0411: plaintext sent after STARTTLS must not be executed inside the TLS session.
        Harness h = Harness.mx();
        h.send("EHLO c.example\r\n");
        List<Effect> e = h.send("STARTTLS\r\nMAIL FROM:<evil@e.example>\r\n");
        assertThat(Harness.replies(e)).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
        assertThat(e.get(e.size() - 1)).isInstanceOf(Effect.StartTls.class);
        assertThat(h.session.receive("RCPT TO:<x@d.example>\r\n".getBytes())).isEmpty();
        assertThat(h.session.tlsStarted(TLS)).isEmpty();
        // The session starts over: MAIL needs a new EHLO, and the injected MAIL left nothing behind.
        assertThat(Harness.lastReply(h.send("MAIL FROM:<a@c.example>\r\n"))).isEqualTo("503 5.5.1 Bad sequence of commands");
        String ehlo = Harness.replies(h.send("EHLO c.example\r\n"));
        assertThat(ehlo).doesNotContain("STARTTLS");
        assertThat(codes(h.send("MAIL FROM:<a@c.example>\r\n"))).containsExactly(250);
    }

    @Test
    void startTlsWhenActiveOrUnavailable() {
        Harness active = new Harness(SmtpSettings.defaults(Harness.HOST, Listener.SUBMISSIONS));
        assertThat(Harness.lastReply(active.send("STARTTLS\r\n"))).isEqualTo("503 5.5.1 Bad sequence of commands");
        Harness none = new Harness(SmtpSettings.defaults(Harness.HOST, Listener.MX).withTls(false, false));
        assertThat(Harness.lastReply(none.send("STARTTLS\r\n"))).isEqualTo("502 5.5.1 Command not implemented");
        assertThat(Harness.lastReply(none.send("STARTTLS now\r\n"))).startsWith("501 5.5.4");
    }

    @Test
    void submissionBeforeTlsOffersNoAuthAndRequiresStartTls() {
        Harness h = new Harness(SmtpSettings.defaults(Harness.HOST, Listener.SUBMISSION));
        String ehlo = Harness.replies(h.send("EHLO client.example\r\n"));
        assertThat(ehlo).contains("250 STARTTLS").doesNotContain("AUTH");
        assertThat(Harness.lastReply(h.send("AUTH PLAIN " + base64("\0a\0secret") + "\r\n")))
                .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
        assertThat(Harness.lastReply(h.send("MAIL FROM:<a@example.net>\r\n")))
                .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
    }

    @Test
    void submissionAfterTlsRequiresAuthBeforeMail() {
        Harness h = submissionBeforeTls();
        h.send("STARTTLS\r\n");
        h.session.tlsStarted(TLS);
        assertThat(Harness.replies(h.send("EHLO client.example\r\n"))).contains("250 AUTH PLAIN LOGIN");
        assertThat(Harness.lastReply(h.send("MAIL FROM:<a@example.net>\r\n"))).isEqualTo("530 5.7.0 Authentication required");
        assertThat(codes(h.send("AUTH PLAIN " + base64("\0alice\0secret") + "\r\nMAIL FROM:<a@example.net>\r\n")))
                .containsExactly(235, 250);
    }

    @Test
    void plaintextAuthWhenTheSettingsAllowIt() {
        Harness h = new Harness(SmtpSettings.defaults(Harness.HOST, Listener.SUBMISSION).withPlaintextAuth(true));
        assertThat(Harness.replies(h.send("EHLO c.example\r\n"))).contains("AUTH PLAIN LOGIN");
        assertThat(codes(h.send("AUTH PLAIN " + base64("\0alice\0secret") + "\r\n"))).containsExactly(235);
    }

    @Test
    void mxOffersNoAuth() {
        Harness h = Harness.mx();
        assertThat(Harness.replies(h.send("EHLO c.example\r\n"))).doesNotContain("AUTH");
        assertThat(Harness.lastReply(h.send("AUTH PLAIN =\r\n"))).isEqualTo("502 5.5.1 Command not implemented");
    }

    @Test
    void loginExchange() {
        Harness h = Harness.submission();
        Harness fresh = new Harness(SmtpSettings.defaults(Harness.HOST, Listener.SUBMISSIONS));
        fresh.send("EHLO c.example\r\n");
        assertThat(Harness.replies(fresh.send("AUTH LOGIN\r\n"))).isEqualTo("334 VXNlcm5hbWU6\r\n");
        assertThat(Harness.replies(fresh.send(base64("bob") + "\r\n"))).isEqualTo("334 UGFzc3dvcmQ6\r\n");
        List<Effect> e = fresh.send(base64("secret") + "\r\n");
        Question.Authenticate asked = (Question.Authenticate) Harness.of(e, Effect.Decide.class).get(0).question();
        assertThat(asked.mechanism()).isEqualTo("LOGIN");
        assertThat(asked.username()).isEqualTo("bob");
        assertThat(Harness.lastReply(e)).startsWith("235 2.7.0");
        assertThat(Harness.lastReply(h.send("AUTH LOGIN\r\n"))).isEqualTo("503 5.5.1 Bad sequence of commands");
    }

    @Test
    void loginWithInitialUsername() {
        Harness h = new Harness(SmtpSettings.defaults(Harness.HOST, Listener.SUBMISSIONS));
        h.send("EHLO c.example\r\n");
        assertThat(Harness.replies(h.send("AUTH LOGIN " + base64("bob") + "\r\n"))).isEqualTo("334 UGFzc3dvcmQ6\r\n");
        assertThat(codes(h.send(base64("wrong") + "\r\n"))).containsExactly(535);
    }

    @Test
    void cancelBadBase64AndUnknownMechanism() {
        Harness h = new Harness(SmtpSettings.defaults(Harness.HOST, Listener.SUBMISSIONS));
        h.send("EHLO c.example\r\n");
        h.send("AUTH PLAIN\r\n");
        assertThat(Harness.replies(h.send("*\r\n"))).isEqualTo("501 5.0.0 Authentication cancelled\r\n");
        assertThat(Harness.replies(h.send("AUTH PLAIN !!!notbase64\r\n"))).startsWith("501 5.5.2");
        assertThat(Harness.replies(h.send("AUTH PLAIN " + base64("no-nuls") + "\r\n"))).startsWith("501 5.5.2");
        assertThat(Harness.replies(h.send("AUTH CRAM-MD5\r\n"))).isEqualTo("504 5.5.4 Unrecognized authentication type\r\n");
        assertThat(Harness.replies(h.send("AUTH PLAIN =\r\n"))).startsWith("501 5.5.2");
    }

    @Test
    void failedAndTemporaryAuthentication() {
        Harness h = new Harness(SmtpSettings.defaults(Harness.HOST, Listener.SUBMISSIONS));
        h.send("EHLO c.example\r\n");
        assertThat(Harness.replies(h.send("AUTH PLAIN " + base64("\0bob\0bad") + "\r\n")))
                .isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
        h.policy = q -> new Answer.AuthenticationUnavailable();
        assertThat(Harness.replies(h.send("AUTH PLAIN " + base64("\0bob\0x") + "\r\n")))
                .isEqualTo("454 4.7.0 Temporary authentication failure\r\n");
    }

    @Test
    void authIsRefusedInATransactionAndBeforeEhlo() {
        Harness h = new Harness(SmtpSettings.defaults(Harness.HOST, Listener.SUBMISSIONS));
        assertThat(codes(h.send("AUTH PLAIN =\r\n"))).containsExactly(503);
        Harness s = Harness.submission();
        s.send("MAIL FROM:<alice@example.net>\r\n");
        assertThat(codes(s.send("AUTH PLAIN =\r\n"))).containsExactly(503);
    }

    @Test
    void overlongSaslResponseEndsTheExchange() {
        Harness h = new Harness(SmtpSettings.defaults(Harness.HOST, Listener.SUBMISSIONS));
        h.send("EHLO c.example\r\nAUTH LOGIN\r\n");
        List<Effect> e = h.send("A".repeat(13_000) + "\r\nNOOP\r\n");
        assertThat(Harness.replies(e)).isEqualTo("500 5.5.6 Authentication Exchange line is too long\r\n250 2.0.0 Ok\r\n");
    }
}
