package io.mailfleet.dsn;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The RFC 3464 §2.3.6 Diagnostic-Code of one recipient: what the remote server (type {@code smtp})
 * or another component said, e.g. {@code smtp; 550 5.1.1 <bob@example.net>: user unknown}.
 *
 * <p>The text comes from outside and ends up in a header field, so the constructor makes it safe
 * to write there: line breaks of a multi-line reply and tabs become single spaces, other control
 * characters become {@code ?}, and the text is cut to {@link #MAX_TEXT_LENGTH} code points.
 * Non-ASCII text is kept; where only ASCII may appear, the writer replaces it.
 *
 * @param type the diagnostic type, an atom such as {@code smtp}
 * @param text the diagnostic, made safe as described
 */
public record DiagnosticCode(String type, String text) {

    /** Room for a long multi-line reply. The field is folded to keep its lines within 998 octets. */
    public static final int MAX_TEXT_LENGTH = 1000;

    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,31}");
    private static final String CUT_MARK = "...";

    public DiagnosticCode {
        Objects.requireNonNull(type, "type");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("diagnostic type must be an atom of letters, digits and '-'");
        }
        text = safeText(Objects.requireNonNull(text, "text"));
        if (text.isEmpty()) {
            throw new IllegalArgumentException("diagnostic text is blank");
        }
    }

    /** A reply of the remote SMTP server, all its lines. */
    public static DiagnosticCode smtp(String reply) {
        return new DiagnosticCode("smtp", reply);
    }

    boolean isSmtp() {
        return type.equalsIgnoreCase("smtp");
    }

    private static String safeText(String raw) {
        StringBuilder out = new StringBuilder();
        int codePoints = 0;
        boolean pendingSpace = false;
        // Stops one code point past the limit: enough to know the text must be cut.
        for (int i = 0; i < raw.length() && codePoints <= MAX_TEXT_LENGTH; ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n') {
                pendingSpace = codePoints > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                codePoints++;
                pendingSpace = false;
            }
            out.appendCodePoint(isControl(cp) ? '?' : cp);
            codePoints++;
        }
        if (codePoints <= MAX_TEXT_LENGTH) {
            return out.toString();
        }
        int end = out.offsetByCodePoints(0, MAX_TEXT_LENGTH - CUT_MARK.length());
        return out.substring(0, end).stripTrailing() + CUT_MARK;
    }

    private static boolean isControl(int cp) {
        return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }
}
