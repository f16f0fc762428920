package io.mailfleet.smtp;

import static io.mailfleet.smtp.Harness.codes;
import static io.mailfleet.smtp.Harness.content;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CHUNKING and BINARYMIME (RFC 3030). */
class BdatTest {

    private static Harness ready(String mailParameters) {
        Harness h = Harness.mx();
        h.send("EHLO c.example\r\nMAIL FROM:<a@c.example>" + mailParameters + "\r\nRCPT TO:<b@d.example>\r\n");
        return h;
    }

    @Test
    void binaryContentIsCountedExactlyWithoutDotOrLineHandling() {
        byte[] body = {'H', ':', ' ', 'v', '\r', '\n', '\r', '\n', 0, '\n', '.', '\r', '\n', '.', '\r', (byte) 0xFF};
        Harness h = ready(" BODY=BINARYMIME");
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(("BDAT " + body.length + " LAST\r\n").getBytes(StandardCharsets.US_ASCII));
        wire.writeBytes(body);
        wire.writeBytes("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
        List<Effect> e = h.send(wire.toByteArray());
        assertThat(codes(e)).containsExactly(250, 250);
        assertThat(content(e).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(body);
        assertThat(Harness.of(e, Effect.MessageComplete.class).get(0).contentSize()).isEqualTo(body.length);
    }

    @Test
    void chunkSplitAtEveryOffsetGivesTheSameContent() {
        String wire = "BDAT 10\r\n0123456789BDAT 3 LAST\r\nabc";
        Harness reference = ready("");
        String expected = content(reference.send(wire));
        for (int cut = 1; cut < wire.length(); cut++) {
            Harness h = ready("");
            List<Effect> e = new ArrayList<>(h.send(wire.substring(0, cut)));
            e.addAll(h.send(wire.substring(cut)));
            assertThat(content(e)).as("cut at %d", cut).isEqualTo(expected).isEqualTo("0123456789abc");
            assertThat(codes(e)).as("cut at %d", cut).containsExactly(250, 250);
        }
    }

    @Test
    void bdatZeroLastEndsTheMessage() {
        Harness h = ready("");
        List<Effect> e = h.send("BDAT 5\r\nhello");
        e.addAll(h.send("BDAT 0 LAST\r\n"));
        assertThat(codes(e)).containsExactly(250, 250);
        assertThat(content(e)).isEqualTo("hello");
        assertThat(Harness.lastReply(e)).startsWith("250 2.0.0 Ok: queued as ");
    }

    @Test
    void dataAfterBdatIsABadSequenceAndBdatAfterDataIsContent() {
        Harness h = ready("");
        assertThat(Harness.lastReply(h.send("BDAT 2\r\nab"))).startsWith("250 2.0.0 Ok, 2 octets");
        assertThat(Harness.lastReply(h.send("DATA\r\n"))).isEqualTo("503 5.5.1 Bad sequence of commands");
        assertThat(Harness.lastReply(h.send("BDAT 1 LAST\r\nc"))).startsWith("250 2.0.0 Ok: queued");

        Harness d = ready("");
        List<Effect> e = d.send("DATA\r\nBDAT 3\r\n.\r\n");
        assertThat(content(e)).isEqualTo("BDAT 3\r\n");
    }

    @Test
    void binaryMimeRequiresBdat() {
        Harness h = ready(" BODY=BINARYMIME");
        assertThat(Harness.lastReply(h.send("DATA\r\n"))).isEqualTo("503 5.5.1 Bad sequence of commands");
    }

    @Test
    void refusedChunkIsStillReadToItsEnd() {
        Harness h = Harness.mx();
        h.send("EHLO c.example\r\n");
        // Without MAIL the chunk is refused, but its octets must not be read as commands.
        List<Effect> e = h.send("BDAT 6\r\nQUIT\r\nNOOP\r\n");
        assertThat(codes(e)).containsExactly(503, 250);
        assertThat(h.session.isClosed()).isFalse();
    }

    @Test
    void bareLfInA7bitChunkAbortsButNotInBinaryMime() {
        Harness h = ready("");
        List<Effect> e = h.send("BDAT 4 LAST\r\na\nb\r");
        assertThat(Harness.lastReply(e)).startsWith("550 5.6.0");
        assertThat(Harness.of(e, Effect.MessageAborted.class)).hasSize(1);

        Harness b = ready(" BODY=BINARYMIME");
        assertThat(Harness.lastReply(b.send("BDAT 4 LAST\r\na\nb\r"))).startsWith("250 2.0.0 Ok: queued");
    }

    @Test
    void crLfSplitAcrossChunksIsNotBare() {
        Harness h = ready("");
        List<Effect> e = h.send("BDAT 2\r\na\rBDAT 1 LAST\r\n\n");
        assertThat(Harness.lastReply(e)).startsWith("250 2.0.0 Ok: queued");
        assertThat(content(e)).isEqualTo("a\r\n");
    }

    @Test
    void rsetInTheMiddleOfChunksAbortsTheMessage() {
        Harness h = ready("");
        List<Effect> e = h.send("BDAT 3\r\nabcRSET\r\nBDAT 1 LAST\r\nx");
        assertThat(codes(e)).containsExactly(250, 250, 503);
        assertThat(Harness.of(e, Effect.MessageAborted.class)).extracting(Effect.MessageAborted::reason)
                .containsExactly(AbortReason.RESET);
    }

    @Test
    void quitAndConnectionLossMidBdatAbort() {
        Harness h = ready("");
        List<Effect> e = h.send("BDAT 3\r\nabcQUIT\r\n");
        assertThat(Harness.of(e, Effect.MessageAborted.class)).extracting(Effect.MessageAborted::reason)
                .containsExactly(AbortReason.QUIT);
        Harness lost = ready("");
        lost.send("BDAT 10\r\nabc");
        assertThat(lost.session.connectionLost()).containsExactly(new Effect.MessageAborted(AbortReason.CONNECTION_LOST));
    }

    @Test
    void malformedBdatSizeIsAnArgumentError() {
        Harness h = ready("");
        assertThat(Harness.lastReply(h.send("BDAT x\r\n"))).isEqualTo("501 5.5.4 Syntax error: BDAT chunk-size [LAST]");
        assertThat(Arrays.asList(Harness.lastReply(h.send("BDAT 1 LAST\r\nx")).split(" "))).startsWith("250", "2.0.0");
    }
}
