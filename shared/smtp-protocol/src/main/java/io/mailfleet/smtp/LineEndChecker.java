package io.mailfleet.smtp;

/**
 * Checks that every CR and LF in BDAT content of a line-oriented body (7BIT, 8BITMIME) is part of a
 * CRLF pair, across chunk boundaries. BDAT itself cannot be smuggled through, its chunks are
 * counted, but a message relayed later with DATA could be (RFC 5321 §2.3.8 forbids the bare forms).
 * BINARYMIME content is exempt (RFC 3030 §3).
 */
final class LineEndChecker {

    private boolean afterCr;
    private boolean bare;

    void check(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (afterCr && b != '\n' || !afterCr && b == '\n') {
                bare = true;
            }
            afterCr = b == '\r';
        }
    }

    /** True when a bare CR or LF was seen so far. */
    boolean sawBare() {
        return bare;
    }

    /** True when a bare CR or LF was seen, counting a CR that ends the content. */
    boolean sawBareAtEnd() {
        return bare || afterCr;
    }
}
