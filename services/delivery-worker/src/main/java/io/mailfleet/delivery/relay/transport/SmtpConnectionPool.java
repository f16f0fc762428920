package io.mailfleet.delivery.relay.transport;

import io.mailfleet.smtp.client.MailTransaction;
import io.mailfleet.smtp.client.TransactionResult;
import io.mailfleet.smtp.client.TransactionResult.Retry;
import java.io.Closeable;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * Delivers transactions over SMTP connections kept per {@link SmtpDestination} for reuse. Safe
 * for the relay's worker threads to share: each delivery has its connection to itself.
 *
 * <p>A connection goes back to the pool only when its session is idle, and is closed after
 * {@link PoolSettings#maxTransactionsPerConnection()} transactions or
 * {@link PoolSettings#idleTimeout()} without one. Two failures are retried at once, once each: a
 * reused connection the server had closed before it took the transaction, on a new connection;
 * and a failed opportunistic TLS handshake, in plaintext (RFC 7435 §3).
 *
 * <p>One timer thread runs the write deadlines and closes expired idle connections;
 * {@link #close()} stops it.
 */
public final class SmtpConnectionPool implements Closeable {

    private final PoolSettings settings;
    private final SSLSocketFactory trustingAll = TlsContexts.trustingAll().getSocketFactory();
    private final SSLSocketFactory verifying;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<SmtpDestination, Deque<Idle>> idle = new HashMap<>();
    private boolean closed;

    /**
     * @param verifyingContext checks the certificates of destinations that ask for it, see
     *     {@link TlsContexts#verifying}
     */
    public SmtpConnectionPool(PoolSettings settings, SSLContext verifyingContext) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.verifying = verifyingContext.getSocketFactory();
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "smtp-client-timer");
            thread.setDaemon(true);
            return thread;
        });
        // A deadline is armed and cancelled for every write; cancelled ones must not pile up.
        timer.setRemoveOnCancelPolicy(true);
        long period = Math.max(1, settings.idleTimeout().toMillis() / 2);
        timer.scheduleWithFixedDelay(this::closeExpired, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Delivers one transaction to the destination, on an idle connection when there is one.
     * Failures come back as results.
     *
     * @param body the message as stored; read at most once, and not closed here
     */
    public TransactionResult deliver(SmtpDestination destination, MailTransaction transaction, InputStream body) {
        SmtpConnection reused = takeIdle(destination);
        if (reused != null) {
            TransactionResult result = attempt(reused, transaction, body);
            if (result.retry() != Retry.ON_NEW_CONNECTION) {
                release(destination, reused);
                return result;
            }
            reused.close();
        }
        SmtpConnection fresh = open(destination);
        TransactionResult result = attempt(fresh, transaction, body);
        if (result.retry() == Retry.WITHOUT_TLS) {
            fresh.close();
            fresh = open(destination.withoutTls());
            result = attempt(fresh, transaction, body);
        }
        // A plaintext fallback is kept under the opportunistic destination: that is what it serves.
        release(destination, fresh);
        return result;
    }

    /** The connections waiting for reuse. */
    public synchronized int idleConnections() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    /** Closes the idle connections and stops the timer. Deliveries still running fail temporarily. */
    @Override
    public void close() {
        List<SmtpConnection> all = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            idle.values().forEach(queue -> queue.forEach(entry -> all.add(entry.connection)));
            idle.clear();
        }
        all.forEach(SmtpConnection::close);
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SmtpConnection open(SmtpDestination destination) {
        return new SmtpConnection(destination, destination.verifyCertificate() ? verifying : trustingAll, timer);
    }

    private static TransactionResult attempt(SmtpConnection connection, MailTransaction transaction, InputStream body) {
        try {
            return connection.deliver(transaction, body);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The most recently used idle connection: the least likely to have been closed by the server. */
    private SmtpConnection takeIdle(SmtpDestination destination) {
        List<SmtpConnection> expired = new ArrayList<>();
        SmtpConnection found = null;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the pool is closed");
            }
            Deque<Idle> queue = idle.get(destination);
            long now = System.nanoTime();
            while (found == null && queue != null && !queue.isEmpty()) {
                Idle entry = queue.pollFirst();
                if (entry.expired(now, settings)) {
                    expired.add(entry.connection);
                } else {
                    found = entry.connection;
                }
            }
            if (queue != null && queue.isEmpty()) {
                idle.remove(destination);
            }
        }
        expired.forEach(SmtpConnection::close);
        return found;
    }

    private void release(SmtpDestination destination, SmtpConnection connection) {
        boolean kept = false;
        synchronized (this) {
            if (!closed && connection.isReusable()
                    && connection.transactions() < settings.maxTransactionsPerConnection()) {
                Deque<Idle> queue = idle.computeIfAbsent(destination, key -> new ArrayDeque<>());
                if (queue.size() < settings.maxIdlePerDestination()) {
                    queue.addFirst(new Idle(connection, System.nanoTime()));
                    kept = true;
                }
                if (queue.isEmpty()) {
                    idle.remove(destination);
                }
            }
        }
        if (!kept) {
            connection.close();
        }
    }

    /**
     * Runs on the timer. Closing sends QUIT, which cannot block here: an idle connection has
     * every earlier write answered, so its send buffer is empty.
     */
    private void closeExpired() {
        List<SmtpConnection> expired = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            for (Iterator<Deque<Idle>> queues = idle.values().iterator(); queues.hasNext(); ) {
                Deque<Idle> queue = queues.next();
                queue.removeIf(entry -> entry.expired(now, settings) && expired.add(entry.connection));
                if (queue.isEmpty()) {
                    queues.remove();
                }
            }
        }
        expired.forEach(SmtpConnection::close);
    }

    private record Idle(SmtpConnection connection, long since) {

        boolean expired(long now, PoolSettings settings) {
            return now - since >= settings.idleTimeout().toNanos();
        }
    }
}
