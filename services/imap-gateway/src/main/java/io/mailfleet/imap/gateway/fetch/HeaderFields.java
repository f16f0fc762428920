package io.mailfleet.imap.gateway.fetch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code HEADER.FIELDS} and {@code HEADER.FIELDS.NOT} (RFC 9051 §6.4.5): the header's fields, each with
 * its continuation lines, kept when named (or not named), followed by the blank line that ends a header.
 */
public final class HeaderFields {

    private HeaderFields() {
    }

    public static byte[] filter(byte[] header, List<String> names, boolean not) {
        Set<String> wanted = names.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int fieldStart = -1;
        boolean keep = false;
        int line = 0;
        while (line < header.length) {
            int end = lineEnd(header, line);
            boolean blank = end - line <= 2 && (header[line] == '\r' || header[line] == '\n');
            boolean continuation = header[line] == ' ' || header[line] == '\t';
            if (!continuation) {
                if (fieldStart >= 0 && keep) {
                    out.write(header, fieldStart, line - fieldStart);
                }
                fieldStart = -1;
                if (blank) {
                    break;
                }
                fieldStart = line;
                int colon = indexOf(header, line, end, (byte) ':');
                String name = colon < 0 ? "" : new String(header, line, colon - line, StandardCharsets.US_ASCII)
                        .trim().toLowerCase(Locale.ROOT);
                keep = colon >= 0 && wanted.contains(name) != not;
            }
            line = end;
        }
        if (fieldStart >= 0 && keep) {
            out.write(header, fieldStart, Math.min(line, header.length) - fieldStart);
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** The offset after the line starting at {@code from}, its line end included. */
    private static int lineEnd(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return bytes.length;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
