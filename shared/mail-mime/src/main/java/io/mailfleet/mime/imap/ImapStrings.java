package io.mailfleet.mime.imap;

import java.nio.charset.StandardCharsets;

/**
 * IMAP string syntax (RFC 3501 §4.3, RFC 9051 §4.3): NIL, quoted strings, literals.
 *
 * <p>A string goes into a literal when it holds a CR, LF or other control character, or any
 * non-ASCII character: RFC 3501 quoted strings cannot carry 8-bit octets, and a literal is valid
 * for IMAP4rev1 and IMAP4rev2 clients alike, so one precomputed form serves both. Literal lengths
 * count the UTF-8 octets the text is sent as. NUL cannot be sent in any IMAP string and is dropped.
 */
public final class ImapStrings {

    private ImapStrings() {
    }

    /** {@code nstring}: NIL for null, else {@link #appendString}. */
    public static void appendNString(StringBuilder out, String value) {
        if (value == null) {
            out.append("NIL");
        } else {
            appendString(out, value);
        }
    }

    /** {@code string}: quoted when possible, else a synchronizing literal. */
    public static void appendString(StringBuilder out, String value) {
        String text = value.indexOf('\0') < 0 ? value : value.replace("\0", "");
        if (quotable(text)) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        } else {
            out.append('{').append(text.getBytes(StandardCharsets.UTF_8).length).append("}\r\n").append(text);
        }
    }

    private static boolean quotable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c >= 127) {
                return false;
            }
        }
        return true;
    }
}
