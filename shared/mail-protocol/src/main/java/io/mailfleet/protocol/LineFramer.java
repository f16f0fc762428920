package io.mailfleet.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Takes command lines out of the input: CRLF-terminated, UTF-8, at most a limit long. A line that
 * reaches the limit without its end is refused at once and the rest of it dropped as it arrives, so
 * that the reading stays in step with the client. What a protocol answers to a refusal, and which
 * characters its lines may hold, are its own.
 */
public final class LineFramer {

    /** What {@link #next} took. */
    public enum Next {
        /** No whole line yet: wait for more input. */
        INCOMPLETE,
        /** A line, whose text {@link #line()} gives. */
        LINE,
        /** The end of a refused line came and was dropped; what follows is a new line. */
        DROPPED,
        /** As many octets as the limit without a line end: refused, and the rest of the line is dropped. */
        TOO_LONG,
        /** A line ended by LF alone. */
        BARE_LINE_END,
        /** A line that is not UTF-8. */
        NOT_UTF8
    }

    private final InputBuffer in;
    private boolean droppingRest;
    private String line;

    public LineFramer(InputBuffer in) {
        this.in = in;
    }

    /**
     * Takes at most one line, or the rest of a refused one, from the input.
     *
     * @param limit the longest line taken, its CRLF included; it may change from line to line
     */
    public Next next(int limit) {
        line = null;
        if (droppingRest) {
            int lf = in.indexOf((byte) '\n', in.available());
            in.skip(lf < 0 ? in.available() : lf + 1);
            droppingRest = lf < 0;
            return lf < 0 ? Next.INCOMPLETE : Next.DROPPED;
        }
        int lf = in.indexOf((byte) '\n', limit);
        if (lf >= 0) {
            return decode(in.take(lf + 1));
        }
        if (in.available() < limit) {
            return Next.INCOMPLETE;
        }
        droppingRest = true;
        return Next.TOO_LONG;
    }

    /** The text of the line {@link #next} just took, without its CRLF. */
    public String line() {
        if (line == null) {
            throw new IllegalStateException("no line was taken");
        }
        return line;
    }

    /** Drops all input, a refused line's rest included, as a protocol does when TLS starts. */
    public void clear() {
        in.clear();
        droppingRest = false;
    }

    private Next decode(byte[] octets) {
        int length = octets.length - 2;
        if (length < 0 || octets[length] != '\r') {
            return Next.BARE_LINE_END;
        }
        try {
            line = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets, 0, length)).toString();
            return Next.LINE;
        } catch (CharacterCodingException e) {
            return Next.NOT_UTF8;
        }
    }
}
