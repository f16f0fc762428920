package io.mailfleet.smtp;

import static io.mailfleet.smtp.Harness.codes;
import static io.mailfleet.smtp.Harness.content;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** DATA framing: dot-unstuffing and the end of data (RFC 5321 §4.5.2, §4.1.1.4), and the smuggling rule. */
class DataFramingTest {

    private static final String ENVELOPE = "EHLO c.example\r\nMAIL FROM:<a@c.example>\r\nRCPT TO:<b@d.example>\r\nDATA\r\n";

    private static List<Effect> transfer(String body) {
        Harness h = Harness.mx();
        List<Effect> e = new ArrayList<>(h.send(ENVELOPE));
        e.addAll(h.send(body));
        return e;
    }

    @Test
    void splittingTheInputAtAnyOffsetGivesTheSameResult() {
        byte[] wire = (ENVELOPE + "Subject: x\r\n\r\n..dot\r\n.\r\nline\r\n.\r\nNOOP\r\n").getBytes(StandardCharsets.US_ASCII);
        Harness whole = Harness.mx();
        List<Effect> expected = whole.send(wire);
        for (int cut = 1; cut < wire.length; cut++) {
            Harness h = Harness.mx();
            List<Effect> e = new ArrayList<>(h.send(Arrays.copyOfRange(wire, 0, cut)));
            e.addAll(h.send(Arrays.copyOfRange(wire, cut, wire.length)));
            assertThat(Harness.replies(e)).as("cut at %d", cut).isEqualTo(Harness.replies(expected));
            assertThat(Harness.message(e)).as("cut at %d", cut).isEqualTo(Harness.message(expected));
        }
        assertThat(content(expected)).isEqualTo("Subject: x\r\n\r\n.dot\r\n");
    }

    @Test
    void byteByByteDeliveryGivesTheSameContent() {
        Harness h = Harness.mx();
        h.send(ENVELOPE);
        List<Effect> e = new ArrayList<>(h.all);
        for (byte b : "a\r\n..b\r\n.c\r\n.\r\n".getBytes(StandardCharsets.US_ASCII)) {
            e.addAll(h.send(new byte[] {b}));
        }
        assertThat(content(e)).isEqualTo("a\r\n.b\r\nc\r\n");
        assertThat(Harness.lastReply(e)).startsWith("250 2.0.0 Ok: queued as ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty message | .\\r\\n | ''",
        "leading dot removed | ..x\\r\\n.\\r\\n | .x\\r\\n",
        "lone stuffed dot | ..\\r\\n.\\r\\n | .\\r\\n",
        "dot not at line start kept | a.b\\r\\n.\\r\\n | a.b\\r\\n",
        "dot followed by text | .abc\\r\\n.\\r\\n | abc\\r\\n",
    })
    void dotUnstuffing(String name, String wire, String expected) {
        List<Effect> e = transfer(unescape(wire));
        assertThat(content(e)).isEqualTo(unescape(expected));
        assertThat(Harness.of(e, Effect.MessageComplete.class)).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "LF dot LF | a\\n.\\nb\\r\\n.\\r\\n",
        "CRLF dot LF | a\\r\\n.\\nb\\r\\n.\\r\\n",
        "LF dot CRLF | a\\n.\\r\\nb\\r\\n.\\r\\n",
        "CR dot CR | a\\r.\\rb\\r\\n.\\r\\n",
        "bare CR | a\\rb\\r\\n.\\r\\n",
        "bare LF | a\\nb\\r\\n.\\r\\n",
        "dot CR x | a\\r\\n.\\rx\\r\\n.\\r\\n",
    })
    void bareLineEndsDoNotEndDataAndAreRefusedAfterTheRealEnd(String name, String wire) {
        // Only CRLF.CRLF ends data; anything looking like an end to another parser is the smuggling vector.
        List<Effect> e = transfer(unescape(wire) + "NOOP\r\n");
        assertThat(codes(e)).containsExactly(250, 250, 250, 354, 550, 250);
        assertThat(Harness.replies(e)).contains("550 5.6.0 ");
        assertThat(Harness.of(e, Effect.MessageAborted.class)).extracting(Effect.MessageAborted::reason)
                .containsExactly(AbortReason.BARE_LINE_ENDING);
        assertThat(Harness.of(e, Effect.MessageComplete.class)).isEmpty();
    }

    @Test
    void smuggledCommandsAfterABareLfEndAreTreatedAsContent() {
        List<Effect> e = transfer("x\n.\nMAIL FROM:<evil@e.example>\r\nRCPT TO:<v@d.example>\r\n.\r\n");
        assertThat(codes(e)).containsExactly(250, 250, 250, 354, 550);
    }

    @Test
    void eightBitOctetsPassUnchanged() {
        List<Effect> e = transfer("caf\u00e9 \u20ac\r\n.\r\n");
        assertThat(content(e).getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo("caf\u00e9 \u20ac\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textLineOverTheLimitIsRefusedAfterTheEnd() {
        List<Effect> e = transfer("x".repeat(999) + "\r\n.\r\n");
        assertThat(Harness.lastReply(e)).isEqualTo("500 5.5.6 Text line too long");
        List<Effect> ok = transfer("x".repeat(998) + "\r\n.\r\n");
        assertThat(Harness.lastReply(ok)).startsWith("250 2.0.0 Ok: queued");
    }

    @Test
    void messageStartedCarriesTheEnvelope() {
        List<Effect> e = transfer(".\r\n");
        Envelope envelope = Harness.of(e, Effect.MessageStarted.class).get(0).envelope();
        assertThat(envelope.reversePath()).hasValueSatisfying(a -> assertThat(a.toString()).isEqualTo("a@c.example"));
        assertThat(envelope.recipients()).extracting(r -> r.address()).containsExactly("b@d.example");
        assertThat(envelope.helo()).isEqualTo("c.example");
        assertThat(envelope.remoteIp()).isEqualTo("192.0.2.7");
    }

    static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
