package io.mailfleet.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The xtext encoding of ESMTP parameter values (RFC 3461 §4): printable ASCII, {@code +XX} for the rest. */
final class Xtext {

    private Xtext() {
    }

    /** Decodes xtext; throws {@link IllegalArgumentException} on anything xtext does not allow. */
    static String decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                if (i + 2 >= text.length() || !isUpperHex(text.charAt(i + 1)) || !isUpperHex(text.charAt(i + 2))) {
                    throw new IllegalArgumentException("'+' must be followed by two upper-case hex digits");
                }
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c >= '!' && c <= '~' && c != '=') {
                out.write(c);
            } else {
                throw new IllegalArgumentException("character not allowed in xtext");
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isUpperHex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
    }
}
