package io.mailfleet.imap.command;

import static io.mailfleet.imap.command.Parse.one;
import static io.mailfleet.imap.command.Parse.range;
import static io.mailfleet.imap.command.Parse.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.imap.wire.Arguments;
import io.mailfleet.imap.wire.ImapSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceSetTest {

    /** RFC 9051 §9, seq-range: "2:4" and "4:2" are the same, and "*" is the largest number in use. */
    @Test
    void rangesGoEitherWayAndStarIsTheLargestNumber() {
        SequenceSet set = SequenceSet.parse(Arguments.of("4:2,7,10:*"));
        assertThat(set).isEqualTo(set(range(4, 2), one(7), range(10, SequenceSet.LARGEST)));
        assertThat(set.contains(3, 20)).isTrue();
        assertThat(set.contains(5, 20)).isFalse();
        assertThat(set.contains(7, 20)).isTrue();
        assertThat(set.contains(15, 20)).isTrue();
    }

    /** RFC 9051 §6.4.9 note: "UID 100:*" holds the largest UID even when it is below 100. */
    @Test
    void aRangeToStarHoldsTheLargestNumberEvenBelowItsStart() {
        SequenceSet set = SequenceSet.parse(Arguments.of("100:*"));
        assertThat(set.contains(50, 50)).isTrue();
        assertThat(set.contains(49, 50)).isFalse();
    }

    /** RFC 5182: "$" is the saved search result, which only the session knows. */
    @Test
    void dollarIsTheSavedResult() {
        assertThat(SequenceSet.parse(Arguments.of("$"))).isSameAs(SequenceSet.SAVED);
        assertThatThrownBy(() -> SequenceSet.SAVED.contains(1, 1)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "1:0", ",1", "1,", "1::2", "*:", "4294967296"})
    void refusesMalformedSets(String text) {
        assertThatThrownBy(() -> {
            Arguments arguments = Arguments.of(text);
            SequenceSet.parse(arguments);
            arguments.end();
        }).isInstanceOf(ImapSyntaxException.class);
    }

    @Test
    void knownUidsTakeNoStar() {
        assertThatThrownBy(() -> SequenceSet.parseKnown(Arguments.of("1:*"))).isInstanceOf(ImapSyntaxException.class);
        assertThat(SequenceSet.parseKnown(Arguments.of("1:5"))).isEqualTo(set(range(1, 5)));
    }
}
