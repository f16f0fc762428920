package io.mailfleet.imap.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArgumentsTest {

    /** RFC 9051 §9: date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            " 7-Feb-1994 21:52:25 -0800" | 1994-02-07T21:52:25-08:00
            "17-Jul-1996 02:44:25 -0700" | 1996-07-17T02:44:25-07:00
            "01-jan-2024 00:00:00 +0000" | 2024-01-01T00:00:00Z
            "31-Dec-1999 23:59:59 +0530" | 1999-12-31T23:59:59+05:30
            """)
    void readsDateTimesWithTheirZones(String text, String expected) {
        assertThat(Arguments.of(text).dateTime()).isEqualTo(OffsetDateTime.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"7-Feb-1994 21:52:25 -0800\"", "\"07-Feb-94 21:52:25 -0800\"",
        "\"07-Feb-1994 21:52:25\"", "\"07-Feb-1994 25:00:00 +0000\"", "\"30-Feb-1994 10:00:00 +0000\"",
        "\"07-Feb-1994 21:52:25 +2500\"", "07-Feb-1994 21:52:25 -0800"})
    void refusesMalformedDateTimes(String text) {
        assertThatThrownBy(() -> Arguments.of(text).dateTime()).isInstanceOf(ImapSyntaxException.class);
    }

    /** RFC 9051 §9: date = date-text / DQUOTE date-text DQUOTE, with a one- or two-digit day. */
    @Test
    void readsDatesQuotedOrNot() {
        assertThat(Arguments.of("1-Feb-1994").date()).isEqualTo(LocalDate.of(1994, 2, 1));
        assertThat(Arguments.of("\"01-FEB-1994\"").date()).isEqualTo(LocalDate.of(1994, 2, 1));
        assertThat(Arguments.of("01-feb-1994").date()).isEqualTo(LocalDate.of(1994, 2, 1));
        assertThatThrownBy(() -> Arguments.of("1-Feb-94").date()).isInstanceOf(ImapSyntaxException.class);
    }

    @Test
    void readsQuotedStringsWithTheirTwoEscapes() {
        assertThat(Arguments.of("\"a \\\"b\\\" \\\\c\"").string()).isEqualTo("a \"b\" \\c");
        assertThatThrownBy(() -> Arguments.of("\"a\\nb\"").string()).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> Arguments.of("\"open").string()).isInstanceOf(ImapSyntaxException.class);
    }

    @Test
    void tellsAtomsAstringsAndListMailboxesApart() {
        assertThat(Arguments.of("INBOX]x").astring()).isEqualTo("INBOX]x");
        assertThat(Arguments.of("INBOX]x").atom()).isEqualTo("INBOX");
        assertThat(Arguments.of("foo/%/*").listMailbox()).isEqualTo("foo/%/*");
        assertThat(Arguments.of("~peter/mail").astring()).isEqualTo("~peter/mail");
        assertThat(Arguments.of("NIL").nstring()).isNull();
    }

    @Test
    void numbersHaveTheirRanges() {
        assertThat(Arguments.of("4294967295").number()).isEqualTo(4294967295L);
        assertThatThrownBy(() -> Arguments.of("4294967296").number()).isInstanceOf(ImapSyntaxException.class);
        assertThat(Arguments.of("9223372036854775807").number64()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Arguments.of("9223372036854775808").number64()).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> Arguments.of("0").nzNumber()).isInstanceOf(ImapSyntaxException.class);
    }
}
