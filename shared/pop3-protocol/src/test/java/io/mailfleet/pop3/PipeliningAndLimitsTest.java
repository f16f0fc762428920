package io.mailfleet.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PIPELINING (RFC 2449 §6.6), line framing, and the bounds on what a client can make the session do. */
class PipeliningAndLimitsTest {

    private static final String PIPELINE = "CAPA\r\nUSER alice\r\nPASS secret\r\nSTAT\r\nLIST\r\nRETR 1\r\n"
            + "TOP 2 0\r\nUIDL 2\r\nDELE 1\r\nNOOP\r\nQUIT\r\n";

    @Test
    void pipelinedCommandsAreAnsweredInOrder() {
        Harness h = Harness.tls();
        String written = h.send(PIPELINE);
        assertThat(written).isEqualTo("+OK Capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nSASL PLAIN LOGIN\r\n"
                + "RESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nEXPIRE NEVER\r\nIMPLEMENTATION mailfleet\r\n.\r\n"
                + "+OK Send PASS\r\n"
                + "+OK alice's maildrop has 2 messages (82 octets)\r\n"
                + "+OK 2 82\r\n"
                + "+OK 2 messages (82 octets)\r\n1 53\r\n2 29\r\n.\r\n"
                + "+OK 53 octets\r\nFrom: a@example.net\r\nSubject: one\r\n\r\nHello\r\n..\r\n..dot\r\n.\r\n"
                + "+OK Top of message follows\r\nFrom: b@example.net\r\n\r\n.\r\n"
                + "+OK 2 QhdPYR:00WBw1Ph7x7\r\n"
                + "+OK message 1 deleted\r\n"
                + "+OK\r\n"
                + "+OK pop.example.net POP3 server signing off (1 message left)\r\n");
        assertThat(h.asked(Question.CommitDeletions.class))
                .containsExactly(new Question.CommitDeletions("alice", List.of(Harness.ID_1)));
        assertThat(h.closed).isTrue();
    }

    @Test
    void splittingTheInputAtAnyOffsetGivesTheSameSession() {
        Harness whole = Harness.tls();
        whole.send(PIPELINE);
        byte[] wire = PIPELINE.getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= wire.length; cut++) {
            Harness h = Harness.tls();
            h.send(Arrays.copyOfRange(wire, 0, cut));
            h.send(Arrays.copyOfRange(wire, cut, wire.length));
            assertThat(h.transcript()).as("cut at %d", cut).isEqualTo(whole.transcript());
            assertThat(h.asked).as("cut at %d", cut).isEqualTo(whole.asked);
        }
        Harness byOctet = Harness.tls();
        for (byte b : wire) {
            byOctet.send(new byte[] {b});
        }
        assertThat(byOctet.transcript()).isEqualTo(whole.transcript());
    }

    @Test
    void commandLinesOf255OctetsAreAcceptedAndLongerOnesRefused() {
        Harness h = Harness.tls();
        String name255 = "u".repeat(255 - "USER \r\n".length());
        assertThat(h.send("USER " + name255 + "\r\n")).isEqualTo("+OK Send PASS\r\n");
        assertThat(h.send("USER " + name255 + "u\r\nCAPA\r\n"))
                .startsWith("-ERR Line too long\r\n+OK Capability list follows\r\n");
    }

    @Test
    void theRestOfAnOverlongLineIsDiscardedAcrossReads() {
        Harness h = Harness.tls();
        assertThat(h.send("USER " + "x".repeat(400))).isEqualTo("-ERR Line too long\r\n");
        assertThat(h.send("PASS secret " + "y".repeat(1000))).isEmpty();
        assertThat(h.send("\r\nUSER alice\r\n")).isEqualTo("+OK Send PASS\r\n");
        assertThat(h.asked).isEmpty();
    }

    @Test
    void malformedLines() {
        Harness h = Harness.tls();
        assertThat(h.send("CAPA\nQUIT now\r\n")).isEqualTo("-ERR Lines must end with CRLF\r\n-ERR Syntax: QUIT\r\n");
        assertThat(h.send("USER a\0b\r\n")).isEqualTo("-ERR Invalid characters in command\r\n");
        assertThat(h.send(new byte[] {'U', 'S', 'E', 'R', ' ', (byte) 0xC3, '\r', '\n'}))
                .isEqualTo("-ERR Invalid characters in command\r\n");
        assertThat(h.send("USER j\u00fcrgen\r\n")).isEqualTo("+OK Send PASS\r\n");
    }

    @Test
    void tooManyBadCommandsClose() {
        Harness h = Harness.tls();
        assertThat(h.send("XYZZY\r\n".repeat(19))).isEqualTo("-ERR Unknown command\r\n".repeat(19));
        assertThat(h.closed).isFalse();
        assertThat(h.send("STAT\r\nCAPA\r\n"))
                .isEqualTo("-ERR Command not valid in this state\r\n-ERR Too many bad commands, closing connection\r\n");
        assertThat(h.closed).isTrue();
        assertThat(h.send("CAPA\r\n")).isEmpty();
    }

    @Test
    void binaryGarbageEndsTheSessionWithoutException() {
        Random random = new Random(7);
        ByteArrayOutputStream garbage = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] line = new byte[random.nextInt(600)];
            random.nextBytes(line);
            garbage.writeBytes(line);
            garbage.writeBytes(new byte[] {'\r', '\n'});
        }
        Harness h = Harness.tls();
        String written = h.send(garbage.toByteArray());
        assertThat(written).endsWith("-ERR Too many bad commands, closing connection\r\n");
        assertThat(written.split("\r\n")).hasSize(21).allMatch(line -> line.startsWith("-ERR "));
        assertThat(h.closed).isTrue();
    }

    @Test
    void pipelinedInputBeyondTheBoundWhileWaitingCloses() {
        Pop3Session session = new Pop3Session(Pop3Settings.defaults(Harness.HOST).withTls(true, false));
        assertThat(session.receive("USER alice\r\nPASS secret\r\n".getBytes())).hasSize(2);
        assertThat(session.receive("NOOP\r\n".repeat(10_000).getBytes())).isEmpty();
        List<Effect> closed = session.receive("NOOP\r\n".repeat(1_000).getBytes());
        assertThat(closed).containsExactly(
                new Effect.Reply(Pop3Reply.err("Too much pipelined input, closing connection")), new Effect.Close());
    }

    @Test
    void inputBeyondTheBoundDuringATransferClosesWithoutAResponse() {
        Pop3Session session = new Pop3Session(Pop3Settings.defaults(Harness.HOST).withTls(true, false));
        session.receive("USER alice\r\nPASS secret\r\n".getBytes());
        session.answer(new Answer.Authenticated("alice"));
        session.answer(new Answer.Opened(List.of(new MaildropMessage("a", 10))));
        session.receive("RETR 1\r\n".getBytes());
        // The multi-line response is open on the wire: an -ERR now would be read as message content.
        assertThat(session.receive("NOOP\r\n".repeat(12_000).getBytes())).containsExactly(new Effect.Close());
    }

    @Test
    void idleTimeoutFollowsTheState() {
        Pop3Settings settings = new Pop3Settings(Harness.HOST, true, false, false, 255, 20, 3, Duration.ofSeconds(2),
                65536, Duration.ofMinutes(10), Duration.ofMinutes(30));
        Pop3Session session = new Pop3Session(settings);
        assertThat(session.idleTimeout()).contains(Duration.ofMinutes(10));
        session.receive("USER alice\r\nPASS secret\r\n".getBytes());
        assertThat(session.idleTimeout()).isEmpty();
        session.answer(new Answer.Authenticated("alice"));
        assertThat(session.idleTimeout()).isEmpty();
        session.answer(new Answer.Opened(List.of()));
        assertThat(session.idleTimeout()).contains(Duration.ofMinutes(30));
        session.receive("QUIT\r\n".getBytes());
        assertThat(session.idleTimeout()).isEmpty();
    }

    @Test
    void settingsRefuseValuesBelowTheRfcMinimums() {
        Pop3Settings d = Pop3Settings.defaults(Harness.HOST);
        assertThatThrownBy(() -> new Pop3Settings(Harness.HOST, false, true, false, 254, 20, 3, Duration.ZERO, 65536,
                d.authorizationTimeout(), d.transactionTimeout())).hasMessageContaining("maxCommandLine");
        assertThatThrownBy(() -> new Pop3Settings(Harness.HOST, false, true, false, 255, 20, 3, Duration.ZERO, 65536,
                Duration.ofMinutes(9), d.transactionTimeout())).hasMessageContaining("authorizationTimeout");
        assertThatThrownBy(() -> new Pop3Settings(Harness.HOST, false, true, false, 255, 20, 3, Duration.ZERO, 65536,
                d.authorizationTimeout(), Duration.ofMinutes(9))).hasMessageContaining("transactionTimeout");
        assertThatThrownBy(() -> d.withTls(false, false)).hasMessageContaining("nobody could log in");
        assertThatThrownBy(() -> Pop3Settings.defaults("bad host")).isInstanceOf(IllegalArgumentException.class);
    }
}
