package io.mailfleet.smtp;

import static io.mailfleet.smtp.Harness.codes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.model.event.Listener;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The limits of RFC 5321 §4.5.3.1 and of docs/architecture.md invariant 6: bounded cost of bad input. */
class LimitsTest {

    @Test
    void settingsRefuseLimitsBelowTheRfcMinimums() {
        SmtpSettings d = SmtpSettings.defaults("mx.example.net", Listener.MX);
        assertThatThrownBy(() -> d.withMaxMessageSize(1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SmtpSettings("mx.example.net", Listener.MX, false, true, false,
                511, 1000, 100, 65536, 10, 65536, 65536, d.postmaster())).hasMessageContaining("maxCommandLine");
        assertThatThrownBy(() -> new SmtpSettings("mx.example.net", Listener.MX, false, true, false,
                512, 1000, 99, 65536, 10, 65536, 65536, d.postmaster())).hasMessageContaining("maxRecipients");
    }

    @Test
    void overlongCommandLineIsRefusedAndTheSessionContinues() {
        Harness h = Harness.mx();
        List<Effect> e = h.send("NOOP " + "x".repeat(2000) + "\r\nNOOP\r\n");
        assertThat(Harness.replies(e)).isEqualTo("500 5.5.6 Line too long\r\n250 2.0.0 Ok\r\n");
    }

    @Test
    void commandLineOf512OctetsIsAccepted() {
        Harness h = Harness.mx();
        assertThat(codes(h.send("NOOP " + "x".repeat(505) + "\r\n"))).containsExactly(250);
        assertThat(codes(h.send("NOOP " + "x".repeat(506) + "\r\n"))).containsExactly(500);
    }

    @Test
    void declaredSizeOverTheLimitIsRefusedAtMail() {
        Harness h = Harness.mx();
        h.send("EHLO c.example\r\n");
        assertThat(Harness.lastReply(h.send("MAIL FROM:<a@c.example> SIZE=52428801\r\n")))
                .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
        assertThat(codes(h.send("MAIL FROM:<a@c.example> SIZE=99999999999999999999999\r\n"))).containsExactly(552);
        assertThat(codes(h.send("MAIL FROM:<a@c.example> SIZE=52428800\r\n"))).containsExactly(250);
    }

    @Test
    void actualSizeOverTheLimitIsRefusedAfterTheEnd() {
        Harness h = new Harness(SmtpSettings.defaults("mx.example.net", Listener.MX).withMaxMessageSize(65536));
        h.send("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\nRCPT TO:<b@d.example>\r\nDATA\r\n");
        List<Effect> e = new ArrayList<>();
        String line = "y".repeat(98) + "\r\n";
        for (int i = 0; i < 700; i++) {
            e.addAll(h.send(line));
        }
        assertThat(Harness.of(e, Effect.MessageAborted.class)).isEmpty();
        e.addAll(h.send(".\r\nNOOP\r\n"));
        assertThat(Harness.replies(e)).isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size\r\n"
                + "250 2.0.0 Ok\r\n");
        assertThat(Harness.of(e, Effect.MessageAborted.class)).extracting(Effect.MessageAborted::reason)
                .containsExactly(AbortReason.SIZE_EXCEEDED);
        assertThat(Harness.message(e).length).isLessThanOrEqualTo(65536);
    }

    @Test
    void recipientsBeyondTheLimitGet452AndAreNotKept() {
        Harness h = Harness.mx();
        h.send("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\n");
        StringBuilder rcpts = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            rcpts.append("RCPT TO:<r").append(i).append("@d.example>\r\n");
        }
        List<Effect> e = h.send(rcpts.toString());
        List<Integer> codes = codes(e);
        assertThat(codes).hasSize(10_000);
        assertThat(codes.subList(0, 100)).containsOnly(250);
        assertThat(codes.subList(100, 10_000)).containsOnly(452);
        assertThat(Harness.replies(e)).contains("452 4.5.3 Too many recipients");
        assertThat(h.session.isClosed()).isFalse();
        List<Effect> data = h.send("DATA\r\n");
        assertThat(Harness.of(data, Effect.MessageStarted.class).get(0).envelope().recipients()).hasSize(100);
    }

    @Test
    void binaryGarbageEndsWith421AfterTheErrorLimitWithoutException() {
        Random random = new Random(7);
        ByteArrayOutputStream garbage = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] line = new byte[random.nextInt(3000)];
            random.nextBytes(line);
            garbage.writeBytes(line);
            garbage.writeBytes(new byte[] {'\r', '\n'});
        }
        Harness h = Harness.mx();
        List<Effect> e = h.send(garbage.toByteArray());
        assertThat(codes(e)).hasSize(11).endsWith(421);
        assertThat(codes(e).subList(0, 10)).allMatch(code -> code >= 500);
        assertThat(e.get(e.size() - 1)).isInstanceOf(Effect.Close.class);
        assertThat(h.session.receive(new byte[] {'N', 'O', 'O', 'P', '\r', '\n'})).isEmpty();
    }

    @Test
    void errorLimitCountsUnknownCommands() {
        Harness h = new Harness(SmtpSettings.defaults("mx.example.net", Listener.MX).withMaxErrors(3));
        List<Effect> e = h.send("FOO\r\nBAR\r\nNOOP\r\nBAZ\r\nNOOP\r\n");
        assertThat(Harness.replies(e)).isEqualTo("500 5.5.2 Command unrecognized\r\n500 5.5.2 Command unrecognized\r\n"
                + "250 2.0.0 Ok\r\n500 5.5.2 Command unrecognized\r\n421 4.7.0 Too many errors, closing connection\r\n");
    }

    @Test
    void bareLfInACommandLineIsAnError() {
        Harness h = Harness.mx();
        assertThat(Harness.replies(h.send("NOOP\nNOOP\r\n"))).isEqualTo("500 5.5.2 Lines must end with CRLF\r\n250 2.0.0 Ok\r\n");
    }

    @Test
    void pipelinedInputBeyondTheBoundWhileADecisionIsPendingCloses() {
        Harness h = Harness.mx();
        h.policy = q -> {
            throw new AssertionError("not answered in this test");
        };
        h.send("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\n");
        assertThat(h.session.receive("RCPT TO:<b@d.example>\r\nNOOP\r\n".getBytes())).hasSize(1);
        assertThat(h.session.receive("NOOP\r\n".repeat(40_000).getBytes())).isEmpty();
        List<Effect> e = h.session.receive("NOOP\r\n".repeat(10_000).getBytes());
        assertThat(Harness.replies(e)).isEqualTo("421 4.7.0 Too much pipelined input, closing connection\r\n");
        assertThat(e.get(e.size() - 1)).isInstanceOf(Effect.Close.class);
    }
}
