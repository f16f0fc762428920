package io.mailfleet.mime;

import io.mailfleet.mime.model.Parameter;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The preview text of RFC 8970 (IMAP PREVIEW), taken while the parser passes the first text part that is
 * not an attachment: the start of its body, transfer encoding and charset undone, HTML reduced to its
 * text, whitespace collapsed, at most 256 characters (RFC 8970 §3).
 */
final class PreviewText {

    static final int MAX_CHARACTERS = 256;
    /**
     * Encoded octets kept of the part: enough for 256 characters after base64 and an HTML head with
     * styles, and a bound on what one message costs.
     */
    static final int MAX_ENCODED = 32 * 1024;

    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Cc}\\u00a0]+");

    private final PartContent content;
    private final ByteArrayOutputStream encoded = new ByteArrayOutputStream();

    private PreviewText(PartContent content) {
        this.content = content;
    }

    /** A collector for this part if its text makes a preview: text/plain or text/html, not an attachment. */
    static PreviewText forPart(PartContent content) {
        boolean text = content.type().equalsIgnoreCase("text")
                && (content.subtype().equalsIgnoreCase("plain") || content.subtype().equalsIgnoreCase("html"));
        boolean attachment = content.disposition() != null && content.disposition().type().equalsIgnoreCase("attachment");
        return text && !attachment ? new PreviewText(content) : null;
    }

    /** Takes a body line as the scanner kept it, with a line end. */
    void add(Line line) {
        int room = MAX_ENCODED - encoded.size();
        if (room > 0) {
            encoded.write(line.kept, 0, Math.min(room, line.keptLength));
            encoded.write('\r');
            encoded.write('\n');
        }
    }

    String text() {
        String charset = content.parameters().stream().filter(parameter -> parameter.name().equals("charset"))
                .map(Parameter::value).findFirst().orElse("us-ascii");
        return of(content.subtype(), charset, content.encoding(), encoded.toByteArray());
    }

    /** The preview of a body's first octets in this encoding and charset; "" when it has no text. */
    static String of(String subtype, String charset, String encoding, byte[] body) {
        String text = new String(decode(encoding, body), charset(charset));
        if (subtype.equalsIgnoreCase("html")) {
            text = HtmlText.of(text);
        }
        text = WHITESPACE.matcher(text).replaceAll(" ").strip();
        return text.codePointCount(0, text.length()) <= MAX_CHARACTERS ? text
                : text.substring(0, text.offsetByCodePoints(0, MAX_CHARACTERS));
    }

    /** The body's octets with its transfer encoding undone; nothing when the encoding is broken. */
    static byte[] decode(String encoding, byte[] body) {
        InputStream raw = new ByteArrayInputStream(body);
        InputStream decoded = switch (encoding.toLowerCase(Locale.ROOT)) {
            case "base64" -> new Base64InputStream(raw, DecodeMonitor.SILENT);
            case "quoted-printable" -> new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
            default -> raw;
        };
        try (decoded) {
            return decoded.readAllBytes();
        } catch (IOException e) {
            // Only a broken encoding gets here: the part has no text to show.
            return new byte[0];
        }
    }

    /** The named charset, or UTF-8 when Java does not know the name. */
    static Charset charset(String name) {
        try {
            return Charset.forName(name.strip());
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }
}
