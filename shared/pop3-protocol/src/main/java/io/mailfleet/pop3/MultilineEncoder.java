package io.mailfleet.pop3;

import java.util.Objects;

/**
 * Turns a message's stored octets into the body of the multi-line response to RETR or TOP (RFC 1939 §3),
 * chunk by chunk as they come from storage, so that no message is ever held whole. Chunks may split the
 * content anywhere, even between CR and LF or before a dot; the output is the same.
 *
 * <ul>
 * <li>A dot that begins a line is doubled, so no line of the message can end the response early.
 * <li>Line ends pass unchanged: stored messages have CRLF already, which keeps the sizes LIST reports.
 * <li>{@link #finish()} adds a CRLF when the content does not end with one, so the terminating
 * {@code .CRLF} stands on a line of its own, then the terminator.
 * </ul>
 *
 * <p>For TOP the encoder first cuts the content after the header section, the blank line and the
 * requested number of body lines; {@link #wantsMore()} then turns false and the wiring may stop reading.
 * One encoder serves one response: get it from {@link Question.SendMessage#encoder()}.
 */
public final class MultilineEncoder {

    private static final byte[] TERMINATOR = {'.', '\r', '\n'};
    private static final byte[] LINE_END_AND_TERMINATOR = {'\r', '\n', '.', '\r', '\n'};

    /** Null for RETR: the whole message passes. */
    private final TopFilter top;
    /** The next octet begins a line; a bare LF counts as a line end here, so no reading of it can end the response. */
    private boolean lineStart = true;
    private boolean lastWasCr;
    /** Nothing passed yet counts as ending with CRLF: the +OK line's CRLF precedes the terminator then. */
    private boolean endsWithCrlf = true;
    private boolean finished;

    private MultilineEncoder(TopFilter top) {
        this.top = top;
    }

    /** For RETR: the whole message. */
    public static MultilineEncoder whole() {
        return new MultilineEncoder(null);
    }

    /** For TOP: the header section, the blank line after it, then at most {@code bodyLines} lines of the body. */
    public static MultilineEncoder top(long bodyLines) {
        return new MultilineEncoder(new TopFilter(bodyLines));
    }

    public byte[] encode(byte[] chunk) {
        return encode(chunk, 0, chunk.length);
    }

    /** The octets to write for this piece of the stored message; empty when all of it is cut by TOP. */
    public byte[] encode(byte[] chunk, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, chunk.length);
        if (finished) {
            throw new IllegalStateException("the response is already finished");
        }
        int passed = top == null ? length : top.accept(chunk, offset, length);
        int dots = dotsToDouble(chunk, offset, passed);
        byte[] encoded = new byte[passed + dots];
        if (dots == 0) {
            // Most messages have no line that starts with a dot: a plain copy.
            System.arraycopy(chunk, offset, encoded, 0, passed);
        } else {
            int at = 0;
            boolean atStart = lineStart;
            for (int i = offset; i < offset + passed; i++) {
                byte b = chunk[i];
                if (atStart && b == '.') {
                    encoded[at++] = '.';
                }
                encoded[at++] = b;
                atStart = b == '\n';
            }
        }
        if (passed > 0) {
            byte last = chunk[offset + passed - 1];
            boolean crBeforeLast = passed > 1 ? chunk[offset + passed - 2] == '\r' : lastWasCr;
            endsWithCrlf = last == '\n' && crBeforeLast;
            lastWasCr = last == '\r';
            lineStart = last == '\n';
        }
        return encoded;
    }

    /** False once TOP has all the content it sends: reading further would only be discarded. */
    public boolean wantsMore() {
        return top == null || !top.complete();
    }

    /** The end of the response: a CRLF if the content lacked a final one, then {@code .CRLF}. */
    public byte[] finish() {
        if (finished) {
            throw new IllegalStateException("the response is already finished");
        }
        finished = true;
        return (endsWithCrlf ? TERMINATOR : LINE_END_AND_TERMINATOR).clone();
    }

    /** Without state carried from octet to octet, so that the compiler may vectorise the loop. */
    private int dotsToDouble(byte[] chunk, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int dots = lineStart && chunk[offset] == '.' ? 1 : 0;
        for (int i = offset + 1; i < offset + length; i++) {
            if (chunk[i] == '.' && chunk[i - 1] == '\n') {
                dots++;
            }
        }
        return dots;
    }
}
