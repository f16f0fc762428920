package io.mailfleet.bench;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The results of a blocking step applied to each item of a source, in the source's order, with up to
 * {@code ahead} items being worked on at once: what a message row refers to (its blob, its parsed content)
 * is stored while earlier rows are appended, and a row is only handed out once its own step completed.
 */
final class StoredAhead<S, T> implements Iterator<T> {

    private final Iterator<S> source;
    private final Function<S, T> step;
    private final Executor workers;
    private final int ahead;
    private final ArrayDeque<CompletableFuture<T>> started = new ArrayDeque<>();

    StoredAhead(Iterator<S> source, Function<S, T> step, Executor workers, int ahead) {
        if (ahead < 1) {
            throw new IllegalArgumentException("ahead < 1: " + ahead);
        }
        this.source = source;
        this.step = step;
        this.workers = workers;
        this.ahead = ahead;
    }

    @Override
    public boolean hasNext() {
        return !started.isEmpty() || source.hasNext();
    }

    /** The next item's result, waiting for it; a failed step's exception is thrown here, as the step threw it. */
    @Override
    public T next() {
        while (started.size() < ahead && source.hasNext()) {
            S item = source.next();
            started.add(CompletableFuture.supplyAsync(() -> step.apply(item), workers));
        }
        if (started.isEmpty()) {
            throw new NoSuchElementException();
        }
        try {
            return started.remove().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }
}
