package io.mailfleet.mime.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImapStringsTest {

    static Stream<Arguments> strings() {
        return Stream.of(
                arguments(null, "NIL"),
                arguments("", "\"\""),
                arguments("NIL", "\"NIL\""),
                arguments("plain text", "\"plain text\""),
                arguments("say \"hi\" \\ bye", "\"say \\\"hi\\\" \\\\ bye\""),
                arguments("two\r\nlines", "{10}\r\ntwo\r\nlines"),
                arguments("bare\nlf", "{7}\r\nbare\nlf"),
                arguments("tab\tinside", "{10}\r\ntab\tinside"),
                // Literal lengths count UTF-8 octets, not characters.
                arguments("Grüße", "{7}\r\nGrüße"),
                arguments("用户", "{6}\r\n用户"),
                // NUL cannot be sent at all.
                arguments("a\0b", "\"ab\""));
    }

    @ParameterizedTest
    @MethodSource("strings")
    void writesNilQuotedOrLiteral(String value, String expected) {
        StringBuilder out = new StringBuilder();
        ImapStrings.appendNString(out, value);

        assertThat(out).hasToString(expected);
    }
}
