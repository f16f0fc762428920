package io.mailfleet.dsn;

import io.mailfleet.model.event.OriginalRecipient;
import java.nio.charset.StandardCharsets;

/** Turning values that came from outside into text a header field can hold. */
final class FieldText {

    private FieldText() {
    }

    static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    /** Octets of the UTF-8 encoding: line limits count octets, not Java chars. */
    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * An ENVID or ORCPT value, which the client sent as xtext and we hold decoded, as field text.
     * Decoding can yield control characters (an injected CR LF would start a field of its own),
     * so each of those goes back to xtext: {@code +XX} per UTF-8 octet. Non-ASCII characters are
     * kept only where the report may carry UTF-8; elsewhere they go back to xtext too.
     */
    static String xtextOutsideText(String value, boolean keepNonAscii) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            boolean printableAscii = cp >= 0x20 && cp < 0x7F;
            boolean keptNonAscii = keepNonAscii && cp > 0x9F && !isSurrogate(cp);
            if (printableAscii || keptNonAscii) {
                out.appendCodePoint(cp);
            } else {
                for (byte octet : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('+').append(String.format("%02X", octet & 0xFF));
                }
            }
        });
        return out.toString();
    }

    /** An ORCPT as {@code type; address}, the way Original-Recipient and the text show it. */
    static String originalRecipient(OriginalRecipient orcpt, boolean keepNonAscii) {
        return xtextOutsideText(orcpt.addressType(), false) + "; " + xtextOutsideText(orcpt.address(), keepNonAscii);
    }

    /** Text with every non-ASCII character replaced by {@code ?}, for parts that must stay 7-bit. */
    static String asciiOnly(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.append(cp < 0x80 ? (char) cp : '?'));
        return out.toString();
    }

    private static boolean isSurrogate(int cp) {
        return cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
    }
}
