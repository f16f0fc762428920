package io.mailfleet.pop3;

/**
 * The cut TOP makes (RFC 1939 §7): the header section, the blank line that ends it, then at most n lines
 * of the body. What passes is always a prefix of the message, so the filter only says where it ends. A
 * message without a blank line is all header and passes whole.
 */
final class TopFilter {

    private long bodyLinesLeft;
    private boolean inBody;
    private boolean complete;
    /** Octets of the current line so far, counted up to 2: enough to tell a blank line ({@code CRLF} or a bare LF). */
    private int lineLength;
    private boolean lastWasCr;

    TopFilter(long bodyLines) {
        if (bodyLines < 0) {
            throw new IllegalArgumentException("bodyLines is negative: " + bodyLines);
        }
        this.bodyLinesLeft = bodyLines;
    }

    /** How many of these octets, from the first, belong to the response; none once the cut is reached. */
    int accept(byte[] chunk, int offset, int length) {
        if (complete) {
            return 0;
        }
        for (int i = 0; i < length; i++) {
            byte b = chunk[offset + i];
            if (b == '\n') {
                boolean blank = lineLength == 0 || lineLength == 1 && lastWasCr;
                if (inBody) {
                    bodyLinesLeft--;
                } else if (blank) {
                    inBody = true;
                }
                if (inBody && bodyLinesLeft == 0) {
                    complete = true;
                    return i + 1;
                }
                lineLength = 0;
            } else {
                lineLength = Math.min(lineLength + 1, 2);
            }
            lastWasCr = b == '\r';
        }
        return length;
    }

    boolean complete() {
        return complete;
    }
}
