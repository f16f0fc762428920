package io.mailfleet.mime.field;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;

import io.mailfleet.mime.model.Parameter;

/**
 * Structured MIME header values. mime4j's {@link RawFieldParser} does the lexing (quoted strings,
 * comments, white space); RFC 2231 continuations are merged here because mime4j's own merging
 * decodes as it goes and loses the form IMAP has to report.
 */
public final class MimeFieldParser {

    private static final BitSet COMMA = RawFieldParser.INIT_BITSET(',');

    private MimeFieldParser() {
    }

    /** {@code type/subtype; params} or {@code disposition; params}; the value is lowercased. */
    public static ParameterizedValue parseParameterized(String fieldValue) {
        ByteArrayBuffer octets = octets(fieldValue);
        RawBody raw = RawFieldParser.DEFAULT.parseRawBody(octets, new ParserCursor(0, octets.length()));
        List<Parameter> parameters = new ArrayList<>();
        for (NameValuePair pair : raw.getParams()) {
            String name = pair.getName() == null ? "" : pair.getName().trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && pair.getValue() != null) {
                parameters.add(new Parameter(name, pair.getValue()));
            }
        }
        return new ParameterizedValue(
                raw.getValue().trim().toLowerCase(Locale.ROOT), Rfc2231.mergeContinuations(parameters));
    }

    /** A single token such as a Content-Transfer-Encoding, comments removed, lowercased. */
    public static String parseToken(String fieldValue) {
        ByteArrayBuffer octets = octets(fieldValue);
        return RawFieldParser.DEFAULT.parseToken(octets, new ParserCursor(0, octets.length()), null)
                .toLowerCase(Locale.ROOT);
    }

    /** A comma-separated token list such as Content-Language, comments removed, empty items dropped. */
    public static List<String> parseTokenList(String fieldValue) {
        ByteArrayBuffer octets = octets(fieldValue);
        ParserCursor cursor = new ParserCursor(0, octets.length());
        List<String> tokens = new ArrayList<>();
        while (!cursor.atEnd()) {
            String token = RawFieldParser.DEFAULT.parseToken(octets, cursor, COMMA);
            if (!token.isEmpty()) {
                tokens.add(token);
            }
            if (!cursor.atEnd()) {
                cursor.updatePos(cursor.getPos() + 1);
            }
        }
        return tokens;
    }

    /** True for an RFC 2045 token: printable ASCII without space and tspecials. */
    public static boolean isToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    // mime4j lexes octets; UTF-8 is what it decodes non-ASCII quoted and unquoted text with.
    private static ByteArrayBuffer octets(String text) {
        return new ByteArrayBuffer(text.getBytes(StandardCharsets.UTF_8), true);
    }
}
