package io.mailfleet.pop3;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Arguments as RFC 1939 §3 separates them, and its decimal numbers. */
class ArgumentsTest {

    @Test
    void wordsAreSeparatedByOneOrMoreSpaces() {
        assertThat(Arguments.words("")).isEmpty();
        assertThat(Arguments.words("   ")).isEmpty();
        assertThat(Arguments.words("1")).containsExactly("1");
        assertThat(Arguments.words(" 1   20 ")).containsExactly("1", "20");
        assertThat(Arguments.words("a\tb c")).as("only spaces separate").containsExactly("a\tb", "c");
    }

    @Test
    void numbersAreDecimalWithLeadingZerosAllowed() throws ReplyException {
        assertThat(Arguments.number("0", "RETR msg")).isZero();
        assertThat(Arguments.number("000", "RETR msg")).isZero();
        assertThat(Arguments.number("007", "RETR msg")).isEqualTo(7);
        assertThat(Arguments.number("0000000000000000000000012", "RETR msg")).isEqualTo(12);
        assertThat(Arguments.number("1234567890123456789", "RETR msg")).as("too large for a long").isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Arguments.number("-1", "RETR msg")).isInstanceOf(ReplyException.class);
        assertThatThrownBy(() -> Arguments.number("", "RETR msg")).isInstanceOf(ReplyException.class);
    }
}
