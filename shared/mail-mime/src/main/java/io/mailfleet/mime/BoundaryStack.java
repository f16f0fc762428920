package io.mailfleet.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The boundaries of the multiparts enclosing the current position, outermost first. Every line is
 * checked against all of them, so that a missing close delimiter of an inner multipart is healed
 * by the next delimiter of an outer one (RFC 2046 §5.1.2).
 */
final class BoundaryStack {

    /** A delimiter line: which multipart it belongs to and whether it closes it. */
    record Delimiter(int level, boolean closing) {
    }

    private final List<byte[]> delimiters = new ArrayList<>();

    /** Pushes a boundary and returns its level. */
    int push(String boundary) {
        delimiters.add(("--" + boundary).getBytes(StandardCharsets.UTF_8));
        return delimiters.size() - 1;
    }

    void pop() {
        delimiters.remove(delimiters.size() - 1);
    }

    /**
     * The innermost multipart this line delimits, or null. As RFC 2046 §5.1.1 has it, the line is
     * {@code "--" boundary}, then {@code "--"} for the close delimiter, then only transport
     * padding (SP, HTAB). Lines longer than what was kept of them are not delimiters.
     */
    Delimiter match(Line line) {
        if (delimiters.isEmpty() || line.keptLength < 2 || line.kept[0] != '-' || line.kept[1] != '-'
                || !line.keptWhole()) {
            return null;
        }
        for (int level = delimiters.size() - 1; level >= 0; level--) {
            byte[] delimiter = delimiters.get(level);
            if (startsWith(line, delimiter)) {
                int rest = delimiter.length;
                boolean closing = rest + 1 < line.keptLength && line.kept[rest] == '-' && line.kept[rest + 1] == '-';
                if (closing) {
                    rest += 2;
                }
                if (onlyPadding(line, rest)) {
                    return new Delimiter(level, closing);
                }
            }
        }
        return null;
    }

    private static boolean startsWith(Line line, byte[] prefix) {
        if (line.keptLength < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line.kept[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyPadding(Line line, int from) {
        for (int i = from; i < line.keptLength; i++) {
            if (line.kept[i] != ' ' && line.kept[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
