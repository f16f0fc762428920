package io.mailfleet.protocol;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class InputBufferTest {

    private final InputBuffer in = new InputBuffer(8);

    private void append(String ascii) {
        in.append(ByteBuffer.wrap(ascii.getBytes(US_ASCII)));
    }

    private String take(int count) {
        return new String(in.take(count), US_ASCII);
    }

    @Test
    void keepsUnconsumedOctetsInOrderAcrossCompactionAndGrowth() {
        append("NOOP\r\n");
        assertThat(take(4)).isEqualTo("NOOP");
        // Fits only once the consumed octets are dropped from the front.
        append("\nQUIT");
        assertThat(take(3)).isEqualTo("\r\n\n");
        // Does not fit at all: the buffer grows.
        append("\r\nA LONGER LINE\r\n");
        assertThat(in.available()).isEqualTo(21);
        assertThat(take(21)).isEqualTo("QUIT\r\nA LONGER LINE\r\n");
        assertThat(in.available()).isZero();
    }

    @Test
    void findsAnOctetOnlyWithinTheLimit() {
        append("USER a\r\n");
        assertThat(in.indexOf((byte) '\n', 8)).isEqualTo(7);
        assertThat(in.indexOf((byte) '\n', 7)).isEqualTo(-1);
        assertThat(in.indexOf((byte) '\n', 100)).isEqualTo(7);
        in.skip(5);
        assertThat(in.indexOf((byte) '\n', 100)).isEqualTo(2);
        assertThat(in.get(0)).isEqualTo((byte) 'a');
    }

    @Test
    void matchesAsciiPrefixesIgnoringCase() {
        append("auth PLAIN");
        assertThat(in.startsWithIgnoringCase("AUTH ")).isTrue();
        assertThat(in.startsWithIgnoringCase("APOP ")).isFalse();
        assertThat(in.startsWithIgnoringCase("auth PLAIN and more")).isFalse();
    }

    @Test
    void skippingMoreThanIsAvailableIsABug() {
        append("abc");
        assertThatThrownBy(() -> in.skip(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearDropsEverything() {
        append("0123456789abcdefghijklmnopqrstuvwxyz");
        in.clear();
        assertThat(in.available()).isZero();
        append("x");
        assertThat(take(1)).isEqualTo("x");
    }
}
