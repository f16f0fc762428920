package io.mailfleet.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The publishes of one batch whose acknowledgements come before its events count as handled, so
 * that they travel to Kafka together instead of one round trip each. At most
 * {@code maxInFlight} are unacknowledged at once: adding one more first waits for the oldest.
 * Thread-safe: a batch's INBOX writes add their MessageAdded events from the threads that wrote them,
 * each as soon as its INBOX is written.
 */
public final class PendingAcks {

    private record Pending(CompletionStage<?> publish, String what) {
    }

    private final Duration bound;
    private final int maxInFlight;
    private final Deque<Pending> pending = new ArrayDeque<>();

    /** @param bound how long each publish may take to be acknowledged, counted from when it is waited for */
    public PendingAcks(Duration bound, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.bound = bound;
        this.maxInFlight = maxInFlight;
    }

    /** Fails as {@link Acks#await} does if the bound makes it wait for an older publish that then fails. */
    public synchronized void add(CompletionStage<?> publish, String what) throws IOException {
        pending.addLast(new Pending(publish, what));
        while (pending.size() > maxInFlight) {
            awaitOldest();
        }
    }

    /**
     * Completes once every publish added so far is acknowledged, exceptionally at the first that failed
     * or when they are not all acknowledged within the bound, counted from now.
     */
    public synchronized CompletableFuture<Void> acknowledged() {
        CompletableFuture<?>[] all = pending.stream().map(each -> each.publish().toCompletableFuture()
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        new IOException("publishing " + each.what() + " failed: " + failure, failure))))
                .toArray(CompletableFuture<?>[]::new);
        pending.clear();
        return CompletableFuture.allOf(all).orTimeout(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void awaitOldest() throws IOException {
        Pending oldest = pending.removeFirst();
        Acks.await(oldest.publish(), bound, oldest.what());
    }
}
