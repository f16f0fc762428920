package io.mailfleet.delivery.relay.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds each write to the socket. A blocking socket write has no timeout of its own, and a
 * server that stops reading would hold the relay's thread for ever; so each write arms a timer
 * that closes the socket, which makes the write fail (RFC 5321 §4.5.3.2.5: a limit per send).
 */
final class DeadlineOutputStream extends OutputStream {

    private final OutputStream target;
    private final ScheduledExecutorService timer;
    private final Duration limit;
    private final Closeable socket;
    private volatile boolean expired;

    /**
     * @param socket the plain TCP socket under any TLS layer: closing it cannot block, where
     *     closing a TLS socket may wait for a write lock held by the stuck write
     */
    DeadlineOutputStream(OutputStream target, ScheduledExecutorService timer, Duration limit, Closeable socket) {
        this.target = target;
        this.timer = timer;
        this.limit = limit;
        this.socket = socket;
    }

    /** True once a write overran its limit and the socket was closed under it. */
    boolean expired() {
        return expired;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ScheduledFuture<?> deadline = arm();
        try {
            target.write(bytes, offset, length);
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public void flush() throws IOException {
        ScheduledFuture<?> deadline = arm();
        try {
            target.flush();
        } finally {
            deadline.cancel(false);
        }
    }

    private ScheduledFuture<?> arm() throws IOException {
        try {
            return timer.schedule(this::expire, limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new IOException("the connection pool is closed", e);
        }
    }

    private void expire() {
        expired = true;
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to do: the write fails either way.
        }
    }
}
