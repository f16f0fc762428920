package io.mailfleet.mime;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a message once, line by line, counting octets and lines. Only the first octets of each
 * line are copied out (as many as the caller asks to keep), so a line of any length costs a
 * bounded amount of memory.
 */
final class LineScanner {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    private boolean endOfInput;
    private long position;
    private long linesRead;
    private final Line line = new Line();
    private boolean pending;
    private int lastLineEndLength;
    private boolean lastLineEmpty;

    LineScanner(InputStream in) {
        this.in = in;
    }

    /**
     * The next line, keeping at most {@code keep} octets of its content, or null at the end of
     * the input. The returned object is reused by the next call.
     */
    Line next(int keep) throws IOException {
        if (pending) {
            pending = false;
            return line;
        }
        if (!fill()) {
            return null;
        }
        line.start = position;
        line.number = linesRead++;
        line.previousLineEndLength = lastLineEndLength;
        line.previousEmpty = lastLineEmpty;
        line.keptLength = 0;
        long length = 0;
        boolean crBeforeEnd = false;
        boolean lineFeed = false;
        while (pos < limit || fill()) {
            int lf = pos;
            while (lf < limit && buffer[lf] != '\n') {
                lf++;
            }
            int chunk = lf - pos;
            if (chunk > 0) {
                copyKept(chunk, keep);
                crBeforeEnd = buffer[lf - 1] == '\r';
            }
            length += chunk;
            position += chunk;
            pos = lf;
            if (lf < limit) {
                pos++;
                position++;
                lineFeed = true;
                break;
            }
        }
        line.lineEndLength = lineFeed ? (crBeforeEnd ? 2 : 1) : 0;
        line.contentLength = length - (lineFeed && crBeforeEnd ? 1 : 0);
        line.keptLength = (int) Math.min(line.keptLength, line.contentLength);
        lastLineEndLength = line.lineEndLength;
        lastLineEmpty = line.contentLength == 0;
        return line;
    }

    /** Makes the next call to {@link #next} return the line just read again. */
    void unread() {
        pending = true;
    }

    /** The line handed back by {@link #unread}, or null when there is none. */
    Line pendingLine() {
        return pending ? line : null;
    }

    /** Octet offset of the next line to read. */
    long position() {
        return pending ? line.start : position;
    }

    /** Number of the next line to read, which is also the number of lines read before it. */
    long lineNumber() {
        return pending ? line.number : linesRead;
    }

    // Copies the start of the next chunk of the line, up to the line's kept limit.
    private void copyKept(int chunk, int keptLimit) {
        int wanted = Math.min(chunk, keptLimit - line.keptLength);
        if (wanted <= 0) {
            return;
        }
        int needed = line.keptLength + wanted;
        if (needed > line.kept.length) {
            byte[] grown = new byte[Math.min(keptLimit, Math.max(needed, line.kept.length * 2))];
            System.arraycopy(line.kept, 0, grown, 0, line.keptLength);
            line.kept = grown;
        }
        System.arraycopy(buffer, pos, line.kept, line.keptLength, wanted);
        line.keptLength = needed;
    }

    private boolean fill() throws IOException {
        while (pos >= limit) {
            if (endOfInput) {
                return false;
            }
            int read = in.read(buffer, 0, buffer.length);
            if (read < 0) {
                endOfInput = true;
                return false;
            }
            pos = 0;
            limit = read;
        }
        return true;
    }
}
