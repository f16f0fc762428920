package io.mailfleet.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for Kafka's acknowledgement before an event counts as handled. */
public final class Acks {

    private Acks() {
    }

    /** Returns once acknowledged; an IOException when the publish failed or took longer than {@code bound}. */
    public static void await(CompletionStage<?> publish, Duration bound, String what) throws IOException {
        try {
            publish.toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("publishing " + what + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing " + what, e);
        }
    }
}
