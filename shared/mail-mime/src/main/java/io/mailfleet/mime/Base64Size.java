package io.mailfleet.mime;

/**
 * The decoded size of a base64 body (RFC 2045 §6.8), counted from its lines as the parser passes them, so that
 * BINARY.SIZE and the literal of BINARY (RFC 3516) know it without reading the body again. It is known only for a
 * body every decoder reads alike: lines of nothing but the base64 alphabet, kept whole, with at most two {@code =}
 * of padding at the very end and a number of characters that is a multiple of four. Any other octet (space, a
 * stray character), a line too long to be kept whole, data after the padding or a short last group make it
 * unknown, and such a body is decoded to learn its size, as before.
 */
final class Base64Size {

    private long characters;
    private int padding;
    private boolean unknown;

    /** Counts one line of the body, its line end left out. */
    void add(Line line) {
        if (unknown) {
            return;
        }
        if (!line.keptWhole()) {
            unknown = true;
            return;
        }
        for (int i = 0; i < line.keptLength && !unknown; i++) {
            byte octet = line.kept[i];
            if (octet == '=') {
                padding++;
                unknown = padding > 2;
            } else if (alphabet(octet)) {
                characters++;
                unknown = padding > 0;
            } else {
                unknown = true;
            }
        }
    }

    /** The decoded size, or -1 when the body is not one whose size is known without decoding it. */
    long decodedSize() {
        long quantum = characters + padding;
        if (unknown || quantum % 4 != 0) {
            return -1;
        }
        return quantum / 4 * 3 - padding;
    }

    private static boolean alphabet(byte octet) {
        return octet >= 'A' && octet <= 'Z' || octet >= 'a' && octet <= 'z' || octet >= '0' && octet <= '9'
                || octet == '+' || octet == '/';
    }
}
