package io.mailfleet.dsn;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * RFC 5322 §3.3 date-time, as Date and the DSN date fields (RFC 3464 §2.1.4) want it. Written in
 * UTC: the servers share no zone worth showing. Not {@link DateTimeFormatter#RFC_1123_DATE_TIME},
 * which writes a zero offset as {@code GMT}, a zone name RFC 5322 only allows in obsolete syntax.
 */
final class DsnDates {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private DsnDates() {
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
