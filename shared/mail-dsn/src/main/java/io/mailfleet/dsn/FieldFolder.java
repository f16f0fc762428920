package io.mailfleet.dsn;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a header field, folded before spaces so that lines stay within 78 octets where the value
 * allows (RFC 5322 §2.1.1, §2.2.3). Unfolding gives back the value exactly, except for a run of
 * more than {@link #MAX_WORD_OCTETS} octets without a space: it is broken to keep every line
 * within the hard limit of 998, which puts a space into it. Only hostile input has such runs.
 */
final class FieldFolder {

    static final int PREFERRED_LINE_OCTETS = 78;
    // Leaves room for a field name and the space before the word within 998 octets.
    static final int MAX_WORD_OCTETS = 900;

    private FieldFolder() {
    }

    /** {@code name: value} with its CRLF, folded. */
    static String field(String name, String value) {
        StringBuilder out = new StringBuilder(name).append(':');
        int lineOctets = name.length() + 1;
        boolean lineHasWord = false;
        for (String word : words(value)) {
            int octets = FieldText.utf8Length(word);
            // A continuation line must hold more than white space, so never fold before an empty word.
            if (lineHasWord && !word.isEmpty() && lineOctets + 1 + octets > PREFERRED_LINE_OCTETS) {
                out.append("\r\n");
                lineOctets = 0;
            }
            out.append(' ').append(word);
            lineOctets += 1 + octets;
            lineHasWord = true;
        }
        return out.append("\r\n").toString();
    }

    private static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        for (String word : value.split(" ", -1)) {
            words.addAll(pieces(word, MAX_WORD_OCTETS));
        }
        return words;
    }

    /** The word cut at code point boundaries into pieces of at most maxOctets UTF-8 octets. */
    static List<String> pieces(String word, int maxOctets) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int octets = 0;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            int cpOctets = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (octets + cpOctets > maxOctets) {
                pieces.add(word.substring(start, i));
                start = i;
                octets = 0;
            }
            octets += cpOctets;
            i += Character.charCount(cp);
        }
        pieces.add(word.substring(start));
        return pieces;
    }
}
