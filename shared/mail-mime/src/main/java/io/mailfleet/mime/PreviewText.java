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
        return collapsedStart(text);
    }

    /**
     * The first {@value #MAX_CHARACTERS} characters of the text with each run of whitespace, control
     * characters and no-break spaces made one space, and stripped ({@link String#strip}) at both ends.
     * It stops where the preview is full: a regular expression over the whole text cost more than the
     * rest of a small message's parse, for a preview that keeps a few hundred characters of it.
     */
    static String collapsedStart(String text) {
        int at = 0;
        while (at < text.length() && !solid(text.codePointAt(at))) {
            at += Character.charCount(text.codePointAt(at));
        }
        StringBuilder preview = new StringBuilder(Math.min(text.length() - at, 2 * MAX_CHARACTERS));
        int characters = 0;
        boolean inRun = false;
        while (at < text.length() && characters < MAX_CHARACTERS) {
            int codePoint = text.codePointAt(at);
            at += Character.charCount(codePoint);
            if (collapsed(codePoint)) {
                if (!inRun) {
                    preview.append(' ');
                    characters++;
                    inRun = true;
                }
            } else {
                preview.appendCodePoint(codePoint);
                characters++;
                inRun = false;
            }
        }
        // The end of the whole text is stripped: that reaches into the preview only if nothing solid follows it.
        for (int rest = at; rest < text.length(); rest += Character.charCount(text.codePointAt(rest))) {
            if (solid(text.codePointAt(rest))) {
                return preview.toString();
            }
        }
        int end = preview.length();
        while (end > 0 && Character.isWhitespace(preview.codePointBefore(end))) {
            end -= Character.charCount(preview.codePointBefore(end));
        }
        return preview.substring(0, end);
    }

    /**
     * The space, the no-break space and the control characters, among them the rest of what
     * {@code \s} means in a regular expression (tab, line feed, vertical tab, form feed, carriage return).
     */
    private static boolean collapsed(int codePoint) {
        return codePoint == ' ' || codePoint == 0xA0 || Character.getType(codePoint) == Character.CONTROL;
    }

    /** Neither collapsed nor removed by {@link String#strip} at an end. */
    private static boolean solid(int codePoint) {
        return !collapsed(codePoint) && !Character.isWhitespace(codePoint);
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
