package io.mailfleet.smtp.client;

import java.nio.charset.StandardCharsets;

/** The xtext encoding of ESMTP parameter values (RFC 3461 §4): printable ASCII, {@code +XX} for the rest. */
final class Xtext {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Xtext() {
    }

    /**
     * Encodes the UTF-8 octets of {@code text}. RFC 3461 defines xtext on ASCII; encoding each
     * octet of a UTF-8 value is what decoders, ours included, turn back into the same string.
     */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int octet = b & 0xFF;
            if (octet >= '!' && octet <= '~' && octet != '+' && octet != '=') {
                out.append((char) octet);
            } else {
                out.append('+').append(HEX[octet >> 4]).append(HEX[octet & 0xF]);
            }
        }
        return out.toString();
    }
}
