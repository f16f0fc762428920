package io.mailfleet.model.address;

/** Character classes and limits of RFC 5321 §4.1.2 and §4.5.3.1, with the RFC 6531 extensions. */
final class SmtpChars {

    static final int MAX_LOCAL_PART_OCTETS = 64;
    static final int MAX_DOMAIN_OCTETS = 255;
    static final int MAX_LABEL_OCTETS = 63;
    static final int MAX_PATH_OCTETS = 256;

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private SmtpChars() {
    }

    static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 5322 atext; RFC 6531 adds every non-ASCII character when SMTPUTF8 is in use. */
    static boolean isAtext(int cp, boolean allowUtf8) {
        if (cp < 0x80) {
            return isAlpha(cp) || isDigit(cp) || ATEXT_SPECIALS.indexOf(cp) >= 0;
        }
        return allowUtf8 && isNonAsciiText(cp);
    }

    /** RFC 5321 qtextSMTP: printable ASCII except {@code "} and {@code \}; RFC 6531 adds non-ASCII. */
    static boolean isQtext(int cp, boolean allowUtf8) {
        if (cp < 0x80) {
            return cp >= 32 && cp <= 126 && cp != '"' && cp != '\\';
        }
        return allowUtf8 && isNonAsciiText(cp);
    }

    /** RFC 5321 quoted-pairSMTP: a backslash may escape any printable ASCII character or space. */
    static boolean isQuotablePair(int cp) {
        return cp >= 32 && cp <= 126;
    }

    /**
     * Non-ASCII text as RFC 6532 allows it, minus C1 controls (invisible, useful only for spoofing)
     * and lone surrogates (a Java string can hold them, UTF-8 cannot encode them).
     */
    static boolean isNonAsciiText(int cp) {
        return cp > 0x9F && (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
    }

    static boolean isDotString(String s, boolean allowUtf8) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        return s.codePoints().allMatch(cp -> cp == '.' || isAtext(cp, allowUtf8));
    }

    static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    /** RFC 5321 limits count octets on the wire, so measure the UTF-8 encoding, not Java chars. */
    static int utf8Length(String s) {
        int octets = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            octets += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return octets;
    }

    /** Names a character in an error message without echoing invisible or control characters. */
    static String describe(int cp) {
        return cp > 0x20 && cp < 0x7F ? "'" + (char) cp + "'" : String.format("U+%04X", cp);
    }
}
