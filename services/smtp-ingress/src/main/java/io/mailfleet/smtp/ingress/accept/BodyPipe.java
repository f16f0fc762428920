package io.mailfleet.smtp.ingress.accept;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Carries a message body from the connection's event loop, which must never block, to the thread
 * that streams it to the blob store, which may. The writer is told when the pipe holds more than
 * {@code highWater} bytes, so that it stops reading from the client, and called back once the
 * reader has drained it below half of that: memory per message stays bounded whatever its size.
 */
final class BodyPipe extends InputStream {

    private final long highWater;
    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private long buffered;
    private int offsetInHead;
    private boolean finished;
    private IOException failure;
    private boolean writerPaused;
    private Runnable onDrained = () -> { };

    BodyPipe(long highWater) {
        this.highWater = highWater;
    }

    /**
     * Adds a chunk, which the pipe keeps as it is (the writer hands it over and never changes it);
     * false when the writer should pause until {@link #onDrained}. A writer that ignores that and
     * doubles the limit fails the body rather than growing without bound.
     */
    synchronized boolean write(byte[] chunk) {
        if (finished || failure != null) {
            return false;
        }
        if (buffered + chunk.length > 2 * highWater) {
            fail(new IOException("body writer exceeded the pipe's bound of " + 2 * highWater + " bytes"));
            return false;
        }
        if (chunk.length > 0) {
            chunks.addLast(chunk);
            buffered += chunk.length;
            notifyAll();
        }
        writerPaused = buffered > highWater;
        return !writerPaused;
    }

    synchronized void onDrained(Runnable callback) {
        this.onDrained = callback;
    }

    /** The body is complete: the reader sees its end once it has read what is buffered. */
    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    /** The body will not be complete: the reader gets {@code cause} instead of an end. */
    synchronized void fail(IOException cause) {
        if (failure == null) {
            failure = cause;
            chunks.clear();
            buffered = 0;
        }
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Runnable drained = null;
        int copied;
        synchronized (this) {
            while (chunks.isEmpty() && !finished && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for body bytes");
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (chunks.isEmpty()) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            byte[] head = chunks.peekFirst();
            copied = Math.min(length, head.length - offsetInHead);
            System.arraycopy(head, offsetInHead, target, offset, copied);
            offsetInHead += copied;
            if (offsetInHead == head.length) {
                chunks.removeFirst();
                offsetInHead = 0;
            }
            buffered -= copied;
            if (writerPaused && buffered <= highWater / 2) {
                writerPaused = false;
                drained = onDrained;
            }
        }
        if (drained != null) {
            drained.run();
        }
        return copied;
    }
}
