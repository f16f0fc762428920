package io.mailfleet.mime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.mailfleet.mime.field.HeaderText;

/**
 * Reads one header block, field by field, keeping only the fields its {@link HeaderKind} needs
 * and only as many octets as the limits allow.
 *
 * <p>The block ends after an empty line (which belongs to it), before a line that delimits an
 * enclosing multipart, or at the end of the input. A line that is neither a field nor a
 * continuation (no colon, or a bad field name) is part of the block but is ignored, as mime4j
 * does by default: ending the header there would turn the rest of a damaged header into body.
 */
final class HeaderReader {

    private final LineScanner scanner;
    private final BoundaryStack boundaries;
    private final MimeLimits limits;
    private byte[] value = new byte[1024];
    private long retainedBytes;
    private boolean truncated;

    HeaderReader(LineScanner scanner, BoundaryStack boundaries, MimeLimits limits) {
        this.scanner = scanner;
        this.boundaries = boundaries;
        this.limits = limits;
    }

    /** Whether any field was shortened or dropped by a limit so far. */
    boolean truncated() {
        return truncated;
    }

    HeaderBlock read(HeaderKind kind) throws IOException {
        List<HeaderBlock.Field> fields = new ArrayList<>();
        Set<String> structuralSeen = new HashSet<>();
        long indexedBytes = 0;
        boolean indexComplete = true;
        String name = null;
        boolean nameIndexedOnly = false;
        int valueLength = 0;
        while (true) {
            Line line = scanner.next(limits.maxHeaderBytes());
            if (line != null && boundaries.match(line) != null) {
                scanner.unread();
                line = null;
            }
            if (line != null && line.startsWithSpace()) {
                if (name != null) {
                    valueLength = append(valueLength, line, 0);
                }
                continue;
            }
            if (name != null) {
                String text = HeaderText.trim(HeaderText.fromOctets(value, 0, valueLength));
                fields.add(new HeaderBlock.Field(name, text));
                retainedBytes += valueLength;
                if (nameIndexedOnly) {
                    indexedBytes += valueLength;
                }
                name = null;
            }
            if (line == null || line.isEmpty()) {
                return new HeaderBlock(fields, indexComplete);
            }
            int colon = indexOf(line, (byte) ':');
            String fieldName = colon < 0 ? null : fieldName(line, colon);
            if (fieldName == null) {
                continue;
            }
            boolean structural = kind.structural(fieldName) && structuralSeen.add(fieldName);
            boolean indexed = !structural && kind.indexed() && indexedBytes < limits.maxHeaderBytes();
            if (!structural && kind.indexed() && !indexed) {
                indexComplete = false;
                truncated = true;
            }
            if ((structural || indexed) && retainedBytes >= limits.maxRetainedHeaderBytes()) {
                truncated = true;
                indexComplete = indexComplete && !kind.indexed();
                continue;
            }
            if (structural || indexed) {
                name = fieldName;
                nameIndexedOnly = !structural;
                valueLength = append(0, line, colon + 1);
            }
        }
    }

    // Appends a line's kept content to the field value; unfolding is just leaving out the line end.
    private int append(int valueLength, Line line, int from) {
        int available = limits.maxHeaderBytes() - valueLength;
        int length = line.keptLength - from;
        if (!line.keptWhole() || length > available) {
            truncated = true;
        }
        length = Math.max(0, Math.min(length, available));
        if (valueLength + length > value.length) {
            byte[] grown = new byte[Math.min(limits.maxHeaderBytes(), Math.max(valueLength + length, value.length * 2))];
            System.arraycopy(value, 0, grown, 0, valueLength);
            value = grown;
        }
        System.arraycopy(line.kept, from, value, valueLength, length);
        return valueLength + length;
    }

    // The lowercased name before the colon (obsolete white space before the colon allowed), or
    // null when it is not a field name: empty, or holding a character outside printable ASCII.
    private static String fieldName(Line line, int colon) {
        int end = colon;
        while (end > 0 && (line.kept[end - 1] == ' ' || line.kept[end - 1] == '\t')) {
            end--;
        }
        if (end == 0) {
            return null;
        }
        for (int i = 0; i < end; i++) {
            if (line.kept[i] <= ' ' || line.kept[i] >= 127) {
                return null;
            }
        }
        return new String(line.kept, 0, end, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    }

    private static int indexOf(Line line, byte octet) {
        for (int i = 0; i < line.keptLength; i++) {
            if (line.kept[i] == octet) {
                return i;
            }
        }
        return -1;
    }
}
