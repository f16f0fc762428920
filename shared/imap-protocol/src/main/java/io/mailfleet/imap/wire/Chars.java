package io.mailfleet.imap.wire;

/** The character classes of RFC 3501 §9 and RFC 9051 §9. */
public final class Chars {

    private Chars() {
    }

    /** {@code ATOM-CHAR}: CHAR except atom-specials ({@code ( ) { SP CTL % * " \ ]}). */
    public static boolean isAtomChar(int c) {
        return c > 0x20 && c < 0x7F && "(){%*\"\\]".indexOf(c) < 0;
    }

    /** {@code ASTRING-CHAR = ATOM-CHAR / resp-specials}. */
    public static boolean isAstringChar(int c) {
        return isAtomChar(c) || c == ']';
    }

    /** {@code list-char = ATOM-CHAR / list-wildcards / resp-specials}. */
    public static boolean isListChar(int c) {
        return isAstringChar(c) || c == '%' || c == '*';
    }

    /** {@code tag = 1*<any ASTRING-CHAR except "+">}. */
    public static boolean isTagChar(int c) {
        return isAstringChar(c) && c != '+';
    }

    public static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
