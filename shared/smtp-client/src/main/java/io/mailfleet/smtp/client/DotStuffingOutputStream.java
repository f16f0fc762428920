package io.mailfleet.smtp.client;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Turns a message into its DATA transmission form (RFC 5321 §4.5.2, §4.1.1.4) as it streams:
 * every line ends with CRLF (a bare CR or LF becomes one, so that no line end can be read two
 * ways on the other side), a line starting with a dot gets a second one, and {@link #finish()}
 * ends the data with {@code CRLF.CRLF}, adding the CRLF a message without a final line end lacks.
 *
 * <p>Memory is bounded by a small buffer, and the result is the same however the message is split
 * into writes. Neither {@link #finish()} nor {@link #close()} closes the target: the connection
 * goes on after the message.
 */
public final class DotStuffingOutputStream extends OutputStream {

    private static final int BUFFER = 8192;

    private final OutputStream target;
    private final byte[] buffer = new byte[BUFFER];
    private int count;
    private boolean atLineStart = true;
    /** The last octet was a CR, already written as CRLF: an LF right after it belongs to it. */
    private boolean afterCr;
    private boolean finished;

    public DotStuffingOutputStream(OutputStream target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    public void write(int b) throws IOException {
        requireOpen();
        encode((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        requireOpen();
        for (int i = offset; i < offset + length; i++) {
            encode(bytes[i]);
        }
    }

    /** Ends the data with {@code CRLF.CRLF} and flushes; nothing can be written after. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (!atLineStart) {
            put((byte) '\r');
            put((byte) '\n');
        }
        put((byte) '.');
        put((byte) '\r');
        put((byte) '\n');
        finished = true;
        flush();
    }

    @Override
    public void flush() throws IOException {
        target.write(buffer, 0, count);
        count = 0;
        target.flush();
    }

    /** Same as {@link #finish()}: the target stays open. */
    @Override
    public void close() throws IOException {
        finish();
    }

    private void encode(byte b) throws IOException {
        boolean lfOfCrLf = afterCr && b == '\n';
        afterCr = b == '\r';
        if (lfOfCrLf) {
            return;
        }
        if (b == '\r' || b == '\n') {
            put((byte) '\r');
            put((byte) '\n');
            atLineStart = true;
            return;
        }
        if (atLineStart && b == '.') {
            put((byte) '.');
        }
        put(b);
        atLineStart = false;
    }

    private void put(byte b) throws IOException {
        if (count == BUFFER) {
            target.write(buffer, 0, count);
            count = 0;
        }
        buffer[count++] = b;
    }

    private void requireOpen() throws IOException {
        if (finished) {
            throw new IOException("the data is already finished");
        }
    }
}
