package io.mailfleet.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.protocol.LineFramer.Next;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private final InputBuffer in = new InputBuffer(16);
    private final LineFramer lines = new LineFramer(in);

    /** Each char is one octet, so tests can write bytes that are not UTF-8. */
    private void receive(String octets) {
        in.append(ByteBuffer.wrap(octets.getBytes(ISO_8859_1)));
    }

    @Test
    void takesPipelinedLinesOneAtATimeWithoutTheirLineEnds() {
        receive("USER a\r\nPASS b\r\nQU");
        assertThat(lines.next(255)).isEqualTo(Next.LINE);
        assertThat(lines.line()).isEqualTo("USER a");
        assertThat(lines.next(255)).isEqualTo(Next.LINE);
        assertThat(lines.line()).isEqualTo("PASS b");
        assertThat(lines.next(255)).isEqualTo(Next.INCOMPLETE);
        receive("IT\r\n");
        assertThat(lines.next(255)).isEqualTo(Next.LINE);
        assertThat(lines.line()).isEqualTo("QUIT");
        assertThat(in.available()).isZero();
    }

    @Test
    void takesALineOfExactlyTheLimitCountingItsLineEnd() {
        receive("NOOP\r\n");
        assertThat(lines.next(6)).isEqualTo(Next.LINE);
        receive("NOOP\r\n");
        assertThat(lines.next(5)).isEqualTo(Next.TOO_LONG);
    }

    @Test
    void refusesALineAtTheLimitThenDropsItsRestAsItArrives() {
        receive("XXXXXXXX");
        assertThat(lines.next(8)).isEqualTo(Next.TOO_LONG);
        receive("XXXX");
        assertThat(lines.next(8)).isEqualTo(Next.INCOMPLETE);
        assertThat(in.available()).isZero();
        receive("XX\r\nNOOP\r\n");
        assertThat(lines.next(8)).isEqualTo(Next.DROPPED);
        assertThat(lines.next(8)).isEqualTo(Next.LINE);
        assertThat(lines.line()).isEqualTo("NOOP");
    }

    @Test
    void waitsForMoreWhileALineIsShorterThanTheLimit() {
        receive("XXXXXXX");
        assertThat(lines.next(8)).isEqualTo(Next.INCOMPLETE);
        assertThat(in.available()).isEqualTo(7);
    }

    @Test
    void refusesALineEndedByLfAloneAndGoesOnWithTheNext() {
        receive("NOOP\nQUIT\r\n");
        assertThat(lines.next(255)).isEqualTo(Next.BARE_LINE_END);
        assertThat(lines.next(255)).isEqualTo(Next.LINE);
        assertThat(lines.line()).isEqualTo("QUIT");
        receive("\n");
        assertThat(lines.next(255)).isEqualTo(Next.BARE_LINE_END);
    }

    @Test
    void refusesALineThatIsNotUtf8AndDecodesOneThatIs() {
        receive("USER \u00ff\r\n");
        assertThat(lines.next(255)).isEqualTo(Next.NOT_UTF8);
        assertThatThrownBy(lines::line).isInstanceOf(IllegalStateException.class);
        receive("USER \u00c3\u00a9\r\n");
        assertThat(lines.next(255)).isEqualTo(Next.LINE);
        assertThat(lines.line()).isEqualTo("USER \u00e9");
    }

    @Test
    void clearingForgetsTheInputAndTheRestOfARefusedLine() {
        receive("XXXXXXXX");
        assertThat(lines.next(8)).isEqualTo(Next.TOO_LONG);
        lines.clear();
        receive("NOOP\r\n");
        assertThat(lines.next(8)).isEqualTo(Next.LINE);
        assertThat(lines.line()).isEqualTo("NOOP");
    }
}
