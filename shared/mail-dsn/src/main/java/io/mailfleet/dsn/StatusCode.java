package io.mailfleet.dsn;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 3463 enhanced status code, {@code class.subject.detail} such as {@code 5.1.1}.
 *
 * @param statusClass 2 (success), 4 (persistent transient failure) or 5 (permanent failure)
 * @param subject     0 to 999
 * @param detail      0 to 999
 */
public record StatusCode(int statusClass, int subject, int detail) {

    private static final Pattern SYNTAX = Pattern.compile("([245])\\.(\\d{1,3})\\.(\\d{1,3})");

    public StatusCode {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException("status class must be 2, 4 or 5, got " + statusClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("status subject and detail must be 0 to 999");
        }
    }

    /** Parses {@code class "." 1*3digit "." 1*3digit}; leading zeros are read, not kept. */
    public static StatusCode parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("status code must be class.subject.detail with class 2, 4 or 5");
        }
        return new StatusCode(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)));
    }

    @Override
    public String toString() {
        return statusClass + "." + subject + "." + detail;
    }
}
