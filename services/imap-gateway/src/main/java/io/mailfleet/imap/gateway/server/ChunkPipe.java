package io.mailfleet.imap.gateway.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * An APPEND literal on its way to the blob store: the event loop adds the chunks as they arrive, and
 * the upload reads them on a lane. The loop never blocks: when more than {@link #HIGH_WATER} octets
 * wait, {@link #add} returns a future that completes once the upload has taken them, and the
 * connection stops reading the socket until then.
 */
final class ChunkPipe extends InputStream {

    static final int HIGH_WATER = 512 * 1024;

    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private byte[] current = new byte[0];
    private int position;
    private long waiting;
    private boolean ended;
    private IOException failure;
    private CompletableFuture<Void> room;

    /** From the loop: null when there is room for more, else a future that completes when there is. */
    synchronized CompletableFuture<Void> add(byte[] chunk) {
        chunks.add(chunk);
        waiting += chunk.length;
        notifyAll();
        if (waiting <= HIGH_WATER) {
            return null;
        }
        room = new CompletableFuture<>();
        return room;
    }

    /** Every octet is in. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The client broke the APPEND off: the upload fails. */
    synchronized void abort() {
        failure = new IOException("APPEND broken off by the client");
        releaseRoom();
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (failure != null) {
                throw failure;
            }
            if (!chunks.isEmpty()) {
                current = chunks.poll();
                position = 0;
                waiting -= current.length;
                if (waiting <= HIGH_WATER / 2) {
                    releaseRoom();
                }
            } else if (ended) {
                return -1;
            } else {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("APPEND upload interrupted");
                }
            }
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, count);
        position += count;
        return count;
    }

    private void releaseRoom() {
        if (room != null) {
            CompletableFuture<Void> released = room;
            room = null;
            released.complete(null);
        }
    }
}
