package io.mailfleet.dsn;

/**
 * Finds the header section at the start of a message: the lines before the first empty line
 * (RFC 5322 §2.1). As in our parser, a line ends at LF, with or without CR before it.
 */
final class HeaderSection {

    private HeaderSection() {
    }

    /**
     * The length of the header section, up to and including the line end of its last field, when
     * the empty line after it starts within the first {@code length} octets; else -1.
     */
    static int end(byte[] message, int length) {
        return end(message, 0, length);
    }

    /**
     * As {@link #end(byte[], int)}, looking only from {@code from} on: for a caller that found no
     * empty line in the first n octets and has read more, {@code from = n - 1} is enough, since
     * only a CR at n - 1 could not be told from a line end then.
     */
    static int end(byte[] message, int from, int length) {
        for (int i = Math.max(from, 0); i < length; i++) {
            boolean lineStart = i == 0 || message[i - 1] == '\n';
            if (lineStart && (message[i] == '\n'
                    || (message[i] == '\r' && i + 1 < length && message[i + 1] == '\n'))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The longest run of whole header fields within the first {@code maxLength} octets: up to the
     * last line start there that does not continue a folded field. 0 when there is none.
     */
    static int wholeFieldsWithin(byte[] message, int length, int maxLength) {
        int limit = Math.min(length - 1, maxLength);
        int cut = 0;
        for (int i = 0; i < limit; i++) {
            if (message[i] == '\n' && message[i + 1] != ' ' && message[i + 1] != '\t') {
                cut = i + 1;
            }
        }
        return cut;
    }
}
