package io.mailfleet.mime.field;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.mailfleet.mime.model.HeaderDate;

class DateFieldParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // RFC 5322 appendix A.
            "Fri, 21 Nov 1997 09:55:06 -0600|1997-11-21T09:55:06-06:00",
            "Tue, 1 Jul 2003 10:52:37 +0200|2003-07-01T10:52:37+02:00",
            "Thu, 13 Feb 1969 23:32:54 -0330|1969-02-13T23:32:54-03:30",
            // Obsolete forms: zone names, two-digit years, comments, no day of week.
            "21 Nov 97 09:55:06 GMT|1997-11-21T09:55:06Z",
            "Fri, 21 Nov 1997 09:55:06 EST|1997-11-21T09:55:06-05:00",
            "Wed, 17 Jul 1996 02:23:25 -0700 (PDT)|1996-07-17T02:23:25-07:00",
            "  Mon, 1 Apr 2024 08:00:00 +0000  |2024-04-01T08:00:00Z",
            // Only the fallback formatter reads fractional seconds.
            "Fri, 21 Nov 1997 09:55:06.250 -0600|1997-11-21T09:55:06-06:00",
            // A leap second has no java.time equivalent.
            "Sat, 31 Dec 2016 23:59:60 +0000|2016-12-31T23:59:59Z"})
    void parsesDatesKeepingTheirOffset(String value, String expected) {
        HeaderDate date = DateFieldParser.parse(value);

        assertThat(date.toOffsetDateTime()).isEqualTo(OffsetDateTime.parse(expected));
        assertThat(date.offsetMinutes()).isEqualTo(OffsetDateTime.parse(expected).getOffset().getTotalSeconds() / 60);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "yesterday", "32 Jan 2024 10:00:00 +0000", "Fri, 21 Nov 1997 25:61:06 -0600",
            "Fri, 21 Nov 1997 09:55:06 +9999"})
    void unreadableDatesAreNull(String value) {
        assertThat(DateFieldParser.parse(value)).isNull();
    }
}
