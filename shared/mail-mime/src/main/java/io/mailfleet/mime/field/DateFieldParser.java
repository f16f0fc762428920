package io.mailfleet.mime.field;

import java.io.StringReader;
import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

import org.apache.james.mime4j.dom.datetime.DateTime;
import org.apache.james.mime4j.field.DateTimeFieldLenientImpl;
import org.apache.james.mime4j.field.datetime.parser.DateTimeParser;
import org.apache.james.mime4j.field.datetime.parser.ParseException;

import io.mailfleet.mime.model.HeaderDate;

/**
 * Date header values, read with mime4j: its RFC 5322 grammar first (it knows the obsolete zone
 * names and comments, and keeps the written offset), then its formatter, which also takes
 * fractional seconds and {@code +hh:mm} offsets. Either must match the whole value.
 */
public final class DateFieldParser {

    private static final int MAX_OFFSET_MINUTES = 18 * 60;

    // mime4j resolves leniently, rolling "32 Jan" over into February; a date that is not one is
    // better left unknown than made up.
    private static final DateTimeFormatter FALLBACK =
            DateTimeFieldLenientImpl.RFC_5322.withResolverStyle(ResolverStyle.SMART);

    private DateFieldParser() {
    }

    /** The date, or null when the value is not a date either parser can read. */
    public static HeaderDate parse(String value) {
        String trimmed = HeaderText.trim(value);
        if (trimmed.isEmpty()) {
            return null;
        }
        HeaderDate date = parseRfc5322(trimmed);
        return date != null ? date : parseLenient(trimmed);
    }

    private static HeaderDate parseRfc5322(String value) {
        try {
            DateTime dateTime = new DateTimeParser(new StringReader(value)).parseAll();
            int zone = dateTime.getTimeZone();
            int offsetMinutes = zone == Integer.MIN_VALUE ? 0 : (zone / 100) * 60 + zone % 100;
            if (Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) {
                return null;
            }
            // A leap second is written as :60; java.time has no such second.
            int second = Math.min(dateTime.getSecond(), 59);
            LocalDateTime local = LocalDateTime.of(dateTime.getYear(), dateTime.getMonth(), dateTime.getDay(),
                    dateTime.getHour(), dateTime.getMinute(), second);
            return new HeaderDate(local.toEpochSecond(ZoneOffset.ofTotalSeconds(offsetMinutes * 60)), offsetMinutes);
        } catch (ParseException | DateTimeException | ArithmeticException | NumberFormatException invalid) {
            return null;
        }
    }

    private static HeaderDate parseLenient(String value) {
        try {
            ParsePosition position = new ParsePosition(0);
            TemporalAccessor parsed = FALLBACK.parse(value, position);
            if (position.getIndex() != value.length()) {
                return null;
            }
            long epochSecond = Instant.from(parsed).getEpochSecond();
            int offsetMinutes = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? parsed.get(ChronoField.OFFSET_SECONDS) / 60
                    : 0;
            return new HeaderDate(epochSecond, offsetMinutes);
        } catch (DateTimeException | ArithmeticException invalid) {
            return null;
        }
    }
}
