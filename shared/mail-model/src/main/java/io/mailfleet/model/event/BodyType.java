package io.mailfleet.model.event;

import java.util.Locale;
import java.util.Objects;

/** The MAIL FROM {@code BODY} parameter: what the body may contain and how it must be relayed. */
public enum BodyType {
    /** No BODY parameter or {@code BODY=7BIT}: ASCII lines only (RFC 6152). */
    SEVEN_BIT("7BIT"),
    /** {@code BODY=8BITMIME}: 8-bit octets in lines (RFC 6152). */
    EIGHT_BIT_MIME("8BITMIME"),
    /** {@code BODY=BINARYMIME}: arbitrary octets, sent with BDAT only (RFC 3030). */
    BINARY_MIME("BINARYMIME");

    private final String keyword;

    BodyType(String keyword) {
        this.keyword = keyword;
    }

    /** The SMTP spelling, e.g. {@code 8BITMIME}. */
    public String keyword() {
        return keyword;
    }

    /** Reads the SMTP spelling; ESMTP parameter values are case-insensitive. */
    public static BodyType fromKeyword(String keyword) {
        Objects.requireNonNull(keyword, "keyword");
        // ASCII-only upper-casing: the keywords are ASCII, so no look-alike may map onto one.
        String upper = keyword.chars().allMatch(c -> c < 0x80) ? keyword.toUpperCase(Locale.ROOT) : "";
        for (BodyType type : values()) {
            if (type.keyword.equals(upper)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown BODY value; expected 7BIT, 8BITMIME or BINARYMIME");
    }
}
