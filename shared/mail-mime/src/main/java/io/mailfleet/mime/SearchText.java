package io.mailfleet.mime;

import io.mailfleet.mime.field.HeaderText;
import io.mailfleet.mime.model.Parameter;

import java.io.ByteArrayOutputStream;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The text IMAP SEARCH BODY looks in, taken while the parser passes each part: every text part's body
 * with its transfer encoding and charset undone (HTML reduced to the text a reader sees), the header
 * fields of enclosed messages with encoded words decoded, and every part's file name; parts apart by
 * a line end. It is kept {@link #fold folded}, so that a search folds its string the same way and
 * compares by substring.
 *
 * <p>Bounded: at most {@link #MAX_ENCODED} octets of text parts are collected and at most
 * {@link #MAX_CHARACTERS} characters kept. A message past either bound, with a text line longer than
 * the parser keeps, or whose structure the parser cut short has no search text at all ({@code null}):
 * its searches read the body instead, so a bound never makes a search miss.
 */
public final class SearchText {

    /** Characters of folded text one message keeps. */
    public static final int MAX_CHARACTERS = 512 * 1024;
    /** Octets of text parts, as encoded, one message collects. */
    static final int MAX_ENCODED = 2 * 1024 * 1024;

    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream part = new ByteArrayOutputStream();
    private PartContent collecting;
    private long collected;
    private boolean incomplete;

    /**
     * The form text is compared in: canonically composed (NFC), then case-folded by mapping to upper and
     * then to lower case, which folds as Unicode's full case folding does (ß and SS alike, ﬁ and fi)
     * for all but a few characters, with the final sigma taken as any sigma.
     */
    public static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT)
                .replace('ς', 'σ');
    }

    /** A part begins: its file name is text, and a text part's body is collected until {@link #endPart}. */
    void startPart(PartContent content) {
        if (content.fileName() != null) {
            append(content.fileName());
        }
        collecting = content.type().equalsIgnoreCase("text") ? content : null;
        part.reset();
    }

    /** Takes a body line of the current part as the scanner kept it. */
    void add(Line line) {
        if (collecting == null || incomplete) {
            return;
        }
        collected += line.contentLength + 2;
        if (!line.keptWhole() || collected > MAX_ENCODED) {
            incomplete = true;
            return;
        }
        part.write(line.kept, 0, line.keptLength);
        part.write('\r');
        part.write('\n');
    }

    void endPart() {
        if (collecting != null && !incomplete) {
            append(decoded(collecting, part.toByteArray()));
        }
        collecting = null;
        part.reset();
    }

    /** The header of an enclosed message: its fields are part of the enclosing message's body text. */
    void addHeader(HeaderBlock header) {
        for (HeaderBlock.Field field : header.fields()) {
            append(field.name() + ": " + HeaderText.decodeEncodedWords(field.value()));
        }
    }

    /** Marks the text as missing some of the message: the parser stopped looking somewhere. */
    void cutShort() {
        incomplete = true;
    }

    /** The folded text, or null when the message is past a bound. */
    String text() {
        return incomplete ? null : fold(text.toString());
    }

    private void append(String more) {
        if (incomplete) {
            return;
        }
        if (text.length() + more.length() + 1 > MAX_CHARACTERS) {
            incomplete = true;
            return;
        }
        text.append(more).append('\n');
    }

    private static String decoded(PartContent content, byte[] encoded) {
        String charset = content.parameters().stream().filter(parameter -> parameter.name().equals("charset"))
                .map(Parameter::value).findFirst().orElse("us-ascii");
        String text = new String(PreviewText.decode(content.encoding(), encoded), PreviewText.charset(charset));
        return content.subtype().equalsIgnoreCase("html") ? HtmlText.of(text) : text;
    }
}
