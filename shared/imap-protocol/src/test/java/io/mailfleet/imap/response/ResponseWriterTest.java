package io.mailfleet.imap.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseWriterTest {

    private static String written(boolean utf8, java.util.function.Consumer<ResponseWriter> write) {
        ResponseWriter out = new ResponseWriter(utf8);
        write.accept(out);
        return new String(out.toBytes(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "[{0}] as astring, rev1: {1}, UTF-8: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "hello            | hello                  | hello",
            "a]b              | a]b                    | a]b",
            "''               | \"\"                   | \"\"",
            "two words        | \"two words\"          | \"two words\"",
            "say \"hi\"       | \"say \\\"hi\\\"\"     | \"say \\\"hi\\\"\"",
            "back\\slash      | \"back\\\\slash\"      | \"back\\\\slash\"",
            "50%              | \"50%\"                | \"50%\"",
            "(x)              | \"(x)\"                | \"(x)\"",
            "{5}              | \"{5}\"                | \"{5}\"",
    })
    void choosesTheStringForm(String text, String rev1, String utf8) {
        assertThat(written(false, out -> out.astring(text))).isEqualTo(rev1);
        assertThat(written(true, out -> out.astring(text))).isEqualTo(utf8);
    }

    @Test
    void sendsNonAsciiAsALiteralUnlessTheSessionTakesUtf8() {
        assertThat(written(false, out -> out.astring("Grüße"))).isEqualTo("{7}\r\nGrüße");
        assertThat(written(true, out -> out.astring("Grüße"))).isEqualTo("\"Grüße\"");
    }

    @Test
    void sendsLineBreaksAndLongTextAsLiterals() {
        assertThat(written(true, out -> out.string("a\r\nb"))).isEqualTo("{4}\r\na\r\nb");
        String longText = "x".repeat(ResponseWriter.MAX_QUOTED_OCTETS + 1);
        assertThat(written(false, out -> out.string(longText))).startsWith("{1025}\r\nxxx");
    }

    @Test
    void writesNilForAMissingNString() {
        assertThat(written(false, out -> out.nstring(null))).isEqualTo("NIL");
        assertThat(written(false, out -> out.nstring("NIL"))).isEqualTo("\"NIL\"");
    }

    @Test
    void refusesNulInAString() {
        assertThatThrownBy(() -> written(false, out -> out.string("a\0b"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "mailbox [{0}]")
    @CsvSource(delimiter = '|', value = {
            // RFC 3501 §5.1.3, and INBOX in any case is INBOX
            "~peter/mail/台北/日本語 | ~peter/mail/&U,BTFw-/&ZeVnLIqe- | \"~peter/mail/台北/日本語\"",
            "inbox                   | INBOX                           | INBOX",
            "Tom & Jerry             | \"Tom &- Jerry\"                | \"Tom & Jerry\"",
            "Sent                    | Sent                            | Sent",
            "a*b                     | \"a*b\"                         | \"a*b\"",
    })
    void writesMailboxNamesForTheSession(String name, String rev1, String utf8) {
        assertThat(written(false, out -> out.mailbox(name))).isEqualTo(rev1);
        assertThat(written(true, out -> out.mailbox(name))).isEqualTo(utf8);
    }

    @Test
    void writesLiteralHeads() {
        assertThat(written(false, out -> out.literalHeader(42, false))).isEqualTo("{42}\r\n");
        assertThat(written(false, out -> out.literalHeader(0, true))).isEqualTo("~{0}\r\n");
    }

    @Test
    void refusesANonAtomWhereAnAtomMustGo() {
        assertThatThrownBy(() -> written(false, out -> out.atom("a b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> written(false, out -> out.atom("a]"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1,2,3,5,7,8,9    | 1:3,5,7:9",
            "304,319,320      | 304,319:320",
            "3956,3957,3958   | 3956:3958",
            "9,8,7            | 9,8,7",
            "4294967295       | 4294967295",
    })
    void compressesRunsInTheGivenOrder(String numbers, String wire) {
        long[] values = java.util.Arrays.stream(numbers.split(",")).mapToLong(Long::parseLong).toArray();
        assertThat(NumberSet.of(values).encode()).isEqualTo(wire);
    }

    @Test
    void writesALargeRangeWithoutListingIt() {
        assertThat(NumberSet.range(1, 0xFFFF_FFFFL).encode()).isEqualTo("1:4294967295");
        assertThatThrownBy(() -> NumberSet.of(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NumberSet.of().encode()).isInstanceOf(IllegalStateException.class);
        // RFC 7162 §3.2.5.2's VANISHED (EARLIER), given as ranges.
        assertThat(NumberSet.ofRanges(41, 41, 43, 116, 118, 118, 120, 211, 214, 540).encode())
                .isEqualTo("41,43:116,118,120:211,214:540");
        assertThatThrownBy(() -> NumberSet.ofRanges(5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NumberSet.ofRanges(5)).isInstanceOf(IllegalArgumentException.class);
    }
}
