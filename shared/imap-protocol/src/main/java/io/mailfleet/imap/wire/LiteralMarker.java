package io.mailfleet.imap.wire;

import java.nio.charset.StandardCharsets;

/**
 * The announcement that ends a line when a literal follows: {@code "{" number64 ["+"] "}"}, with a
 * {@code ~} before it for a binary literal (RFC 3516 §4.1, RFC 7888 §3).
 *
 * @param size octets announced; a size too long to be a number is {@link Long#MAX_VALUE}, over every limit
 * @param length characters the announcement takes at the end of its line
 */
record LiteralMarker(long size, boolean nonSynchronizing, boolean binary, int length) {

    /** The announcement at the end of {@code octets[0..end)}, or null when the line ends otherwise. */
    static LiteralMarker find(byte[] octets, int end) {
        if (end < 3 || octets[end - 1] != '}') {
            return null;
        }
        int i = end - 2;
        boolean nonSynchronizing = octets[i] == '+';
        if (nonSynchronizing) {
            i--;
        }
        int lastDigit = i;
        while (i >= 0 && Chars.isDigit(octets[i])) {
            i--;
        }
        int digits = lastDigit - i;
        if (digits == 0 || i < 0 || octets[i] != '{') {
            return null;
        }
        boolean binary = i > 0 && octets[i - 1] == '~';
        long size = digits > 18 ? Long.MAX_VALUE : Long.parseLong(new String(octets, i + 1, digits, StandardCharsets.US_ASCII));
        return new LiteralMarker(size, nonSynchronizing, binary, end - (binary ? i - 1 : i));
    }
}
