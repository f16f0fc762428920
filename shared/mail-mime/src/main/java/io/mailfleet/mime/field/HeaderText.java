package io.mailfleet.mime.field;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/** Turning header octets into text and text into its display form. */
public final class HeaderText {

    private HeaderText() {
    }

    /**
     * Header octets as text: UTF-8 when they are valid UTF-8 (RFC 6532 headers, and plain ASCII),
     * otherwise ISO-8859-1, which maps every octet to one character so that legacy 8-bit headers
     * lose nothing.
     */
    public static String fromOctets(byte[] octets, int offset, int length) {
        boolean ascii = true;
        for (int i = offset; i < offset + length && ascii; i++) {
            ascii = octets[i] >= 0;
        }
        if (ascii) {
            return new String(octets, offset, length, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets, offset, length))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(octets, offset, length, StandardCharsets.ISO_8859_1);
        }
    }

    /** Removes leading and trailing SP, HTAB, CR and LF, the only white space a header value has. */
    public static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isLineSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isLineSpace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    /** Decodes RFC 2047 encoded words; text that is not a valid encoded word stays as written. */
    public static String decodeEncodedWords(String value) {
        if (value.indexOf("=?") < 0) {
            return value;
        }
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        } catch (RuntimeException malformed) {
            // A decoder failure on hostile input must not fail the delivery: show the text as written.
            return value;
        }
    }

    private static boolean isLineSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
