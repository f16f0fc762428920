package io.mailfleet.model.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FlagsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            \\Seen       | \\Seen      | true
            \\seen       | \\Seen      | true
            \\ANSWERED   | \\Answered  | true
            \\Flagged    | \\Flagged   | true
            \\deleted    | \\Deleted   | true
            \\Draft      | \\Draft     | true
            $Forwarded   | $Forwarded  | false
            $MDNSent     | $MDNSent    | false
            NonJunk      | NonJunk     | false
            [Gmail-ish   | [Gmail-ish  | false
            """)
    void parsesFlag(String input, String name, boolean system) {
        Flag flag = Flag.parse(input);

        assertThat(flag.name()).isEqualTo(name);
        assertThat(flag.isSystem()).isEqualTo(system);
    }

    static Stream<Arguments> invalidFlags() {
        return Stream.of(
                arguments("", "empty"),
                arguments("\\Recent", "per-session state"),
                arguments("\\recent", "per-session state"),
                arguments("\\Junk", "unknown system flag"),
                arguments("\\", "unknown system flag"),
                // U+017F (long s) upper-cases to 'S'; it must not pass for \Seen.
                arguments("\\\u017Feen", "unknown system flag"),
                arguments("a b", "U+0020"),
                arguments("a(b", "U+0028"),
                arguments("a)b", "U+0029"),
                arguments("a{b", "U+007B"),
                arguments("a%b", "U+0025"),
                arguments("a*b", "U+002A"),
                arguments("a\"b", "U+0022"),
                arguments("a]b", "U+005D"),
                arguments("a\\b", "U+005C"),
                arguments("caf\u00e9", "U+00E9"),
                arguments("k".repeat(Flag.MAX_KEYWORD_LENGTH + 1), "256 characters, limit 255"));
    }

    @ParameterizedTest
    @MethodSource("invalidFlags")
    void rejectsInvalidFlag(String input, String reason) {
        assertThatThrownBy(() -> Flag.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void comparesCaseInsensitively() {
        assertThat(Flag.parse("$junk")).isEqualTo(Flag.parse("$JUNK")).hasSameHashCodeAs(Flag.parse("$Junk"));
        assertThat(Flag.parse("\\SEEN")).isSameAs(Flag.SEEN);
    }

    @Test
    void firstSpellingOfKeywordWins() {
        Flags flags = Flags.of(Flag.parse("$Junk")).with(Flag.parse("$JUNK"));

        assertThat(flags.asStrings()).containsExactly("$Junk");
        assertThat(flags.contains(Flag.parse("$junk"))).isTrue();
    }

    @Test
    void addsAndRemoves() {
        Flags flags = Flags.EMPTY.with(Flag.SEEN).with(Flags.of(Flag.FLAGGED, Flag.parse("Work")));

        assertThat(flags.size()).isEqualTo(3);
        assertThat(flags.contains(Flag.SEEN)).isTrue();
        assertThat(flags.without(Flag.parse("work")).asStrings()).containsExactly("\\Flagged", "\\Seen");
        assertThat(flags.without(Flags.of(Flag.SEEN, Flag.FLAGGED, Flag.parse("WORK"))).isEmpty()).isTrue();
        assertThat(flags.without(Flag.DRAFT)).isEqualTo(flags);
        assertThat(Flags.EMPTY.isEmpty()).isTrue();
    }

    @Test
    void isImmutable() {
        Flags original = Flags.of(Flag.SEEN);

        Flags changed = original.with(Flag.DELETED);

        assertThat(original.asStrings()).containsExactly("\\Seen");
        assertThat(changed.asStrings()).containsExactly("\\Deleted", "\\Seen");
        assertThatThrownBy(() -> original.asStrings().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> original.iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void serialisesInStableOrder() {
        List<String> expected = List.of("$Forwarded", "\\Answered", "\\Seen", "Alpha", "zeta");

        Flags one = Flags.parse(List.of("zeta", "\\seen", "Alpha", "$Forwarded", "\\Answered"));
        Flags two = Flags.parse(List.of("\\Answered", "$Forwarded", "Alpha", "\\Seen", "zeta"));

        assertThat(one.asStrings()).isEqualTo(expected);
        assertThat(two.asStrings()).isEqualTo(expected);
        assertThat(Flags.parse(one.asStrings())).isEqualTo(one);
        assertThat(one).containsExactly(Flags.parse(expected).iterator().next(), Flag.ANSWERED, Flag.SEEN,
                Flag.parse("alpha"), Flag.parse("ZETA"));
    }

    @Test
    void equalityIgnoresCase() {
        assertThat(Flags.parse(List.of("Work", "\\Seen"))).isEqualTo(Flags.parse(List.of("\\SEEN", "WORK")))
                .hasSameHashCodeAs(Flags.parse(List.of("work", "\\seen")));
        assertThat(Flags.of(Flag.SEEN)).isNotEqualTo(Flags.of(Flag.DELETED));
    }

    @Test
    void parseRejectsBadElement() {
        assertThatThrownBy(() -> Flags.parse(List.of("\\Seen", "\\Recent")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\\Recent");
    }
}
