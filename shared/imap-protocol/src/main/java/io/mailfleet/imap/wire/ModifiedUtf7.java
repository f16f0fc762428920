package io.mailfleet.imap.wire;

import java.io.ByteArrayOutputStream;
import java.util.Objects;

/**
 * The modified UTF-7 of IMAP mailbox names (RFC 3501 §5.1.3, kept by RFC 9051 §5.1.3 for clients that
 * did not enable UTF-8): printable US-ASCII stands for itself, {@code &} is written {@code &-}, and every
 * other run of characters is its UTF-16 in base64 (with {@code ,} for {@code /}, no padding) between
 * {@code &} and {@code -}.
 *
 * <p>Decoding is strict: a name is accepted only in the one form {@link #encode} would write, so that
 * two spellings never name the same mailbox. That rejects printable ASCII inside a shift, two shifts in a
 * row, non-zero padding bits, a cut-off UTF-16 unit, an unpaired surrogate, a shift that never ends and
 * raw octets outside printable ASCII.
 */
public final class ModifiedUtf7 {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();
    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
        }
    }

    private ModifiedUtf7() {
    }

    /** The wire form of a mailbox name. */
    public static String encode(String name) {
        Objects.requireNonNull(name, "name");
        requireWellFormed(name);
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '&') {
                out.append("&-");
                i++;
            } else if (isPrintableAscii(c)) {
                out.append(c);
                i++;
            } else {
                int end = i;
                while (end < name.length() && !isPrintableAscii(name.charAt(end))) {
                    end++;
                }
                out.append('&');
                appendBase64(out, name, i, end);
                out.append('-');
                i = end;
            }
        }
        return out.toString();
    }

    /**
     * The mailbox name a wire form stands for.
     *
     * @throws IllegalArgumentException if {@code wire} is not exactly what {@link #encode} writes
     */
    public static String decode(String wire) {
        Objects.requireNonNull(wire, "wire");
        StringBuilder out = new StringBuilder(wire.length());
        int i = 0;
        while (i < wire.length()) {
            char c = wire.charAt(i);
            if (!isPrintableAscii(c)) {
                throw new IllegalArgumentException(
                        String.format("U+%04X must be base64-encoded in modified UTF-7", (int) c));
            }
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = wire.indexOf('-', i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("a shift started with '&' does not end with '-'");
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                decodeBase64(wire, i + 1, end, out);
            }
            i = end + 1;
        }
        String name = out.toString();
        requireWellFormed(name);
        if (!encode(name).equals(wire)) {
            throw new IllegalArgumentException("not the canonical modified UTF-7 form: " + wire);
        }
        return name;
    }

    private static void appendBase64(StringBuilder out, String name, int from, int to) {
        int bits = 0;
        int bitCount = 0;
        for (int i = from; i < to; i++) {
            bits = (bits << 16) | name.charAt(i);
            bitCount += 16;
            while (bitCount >= 6) {
                bitCount -= 6;
                out.append(ALPHABET[(bits >>> bitCount) & 0x3F]);
            }
            bits &= (1 << bitCount) - 1;
        }
        if (bitCount > 0) {
            out.append(ALPHABET[(bits << (6 - bitCount)) & 0x3F]);
        }
    }

    private static void decodeBase64(String wire, int from, int to, StringBuilder out) {
        ByteArrayOutputStream units = new ByteArrayOutputStream();
        int bits = 0;
        int bitCount = 0;
        for (int i = from; i < to; i++) {
            char c = wire.charAt(i);
            int value = c < 128 ? VALUES[c] : -1;
            if (value < 0) {
                throw new IllegalArgumentException("'" + c + "' is not a modified base64 character");
            }
            bits = (bits << 6) | value;
            bitCount += 6;
            if (bitCount >= 8) {
                bitCount -= 8;
                units.write((bits >>> bitCount) & 0xFF);
                bits &= (1 << bitCount) - 1;
            }
        }
        byte[] bytes = units.toByteArray();
        if (bytes.length % 2 != 0) {
            throw new IllegalArgumentException("a shift ends inside a UTF-16 code unit");
        }
        for (int i = 0; i < bytes.length; i += 2) {
            out.append((char) (((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)));
        }
    }

    private static void requireWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("unpaired surrogate at index " + i);
            }
        }
    }

    private static boolean isPrintableAscii(char c) {
        return c >= 0x20 && c <= 0x7E;
    }
}
