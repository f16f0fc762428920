package io.mailfleet.smtp.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One reply of the server: the three-digit code, the enhanced status code of RFC 3463 when the
 * server gave one, and the text of each line without the code.
 *
 * @param code the reply code, 200 to 559 (RFC 5321 §4.2)
 * @param enhancedCode e.g. {@code 5.1.1}, taken from the first line when it starts with one of the
 *     reply's class (RFC 2034 §4)
 * @param lines the text of each line, with the enhanced code removed; possibly empty strings
 */
public record Reply(int code, Optional<String> enhancedCode, List<String> lines) {

    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    public Reply {
        if (code < 200 || code > 559) {
            throw new IllegalArgumentException("reply code must be 2xx to 5xx: " + code);
        }
        Objects.requireNonNull(enhancedCode, "enhancedCode");
        enhancedCode.ifPresent(enhanced -> {
            if (!ENHANCED.matcher(enhanced).matches() || enhanced.charAt(0) - '0' != code / 100) {
                throw new IllegalArgumentException("enhanced code " + enhanced + " does not fit reply " + code);
            }
        });
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    /** 2xx: the command succeeded. */
    public boolean isPositive() {
        return code < 300;
    }

    /** 4xx: worth trying again later. */
    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    /** 5xx: will fail again. */
    public boolean isPermanent() {
        return code >= 500;
    }

    /** The whole text on one line, as a bounce quotes it: {@code 550 5.1.1 No such user}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(code);
        enhancedCode.ifPresent(enhanced -> text.append(' ').append(enhanced));
        for (String line : lines) {
            if (!line.isEmpty()) {
                text.append(' ').append(line);
            }
        }
        return text.toString();
    }
}
