package io.mailfleet.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Independent blocking calls of one batch, run at once on an executor instead of one after the other. */
public final class ParallelCalls {

    /** A blocking call that may fail with an IOException. */
    @FunctionalInterface
    public interface Call<I, O> {
        O apply(I input) throws IOException;
    }

    private ParallelCalls() {
    }

    /**
     * The results of {@code call} on each input, in input order, once all are done. The first
     * failure (in input order) is rethrown as it was thrown, so callers handle it as from a direct call.
     */
    public static <I, O> List<O> map(Executor executor, List<I> inputs, Call<I, O> call) throws IOException {
        List<CompletableFuture<O>> calls = new ArrayList<>(inputs.size());
        for (I input : inputs) {
            calls.add(startAfter(List.of(), executor, input, call));
        }
        awaitAll(calls);
        return calls.stream().map(CompletableFuture::join).toList();
    }

    /**
     * Runs {@code call} on {@code executor} once every prerequisite is done, without a thread
     * waiting for them meanwhile; fails without running if one of them failed. Wait for the result
     * with {@link #awaitAll}, which rethrows the call's IOException as it was thrown.
     */
    public static <I, O> CompletableFuture<O> startAfter(List<? extends CompletableFuture<?>> prerequisites,
            Executor executor, I input, Call<I, O> call) {
        return CompletableFuture.allOf(prerequisites.toArray(CompletableFuture[]::new)).thenApplyAsync(done -> {
            try {
                return call.apply(input);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }

    /**
     * Returns once every call is done, rethrowing the first failure (in list order) as it was
     * thrown; an {@link UncheckedIOException} from a call is rethrown as its IOException.
     */
    public static void awaitAll(List<? extends CompletableFuture<?>> calls) throws IOException {
        RuntimeException firstFailure = null;
        for (CompletableFuture<?> each : calls) {
            try {
                each.join();
            } catch (CompletionException e) {
                // Every call is waited for, so none is still running against the store when the batch is retried.
                if (firstFailure == null) {
                    firstFailure = e;
                }
            }
        }
        if (firstFailure != null) {
            throw unwrapped(firstFailure);
        }
    }

    private static RuntimeException unwrapped(RuntimeException failure) throws IOException {
        Throwable cause = failure.getCause();
        if (cause instanceof UncheckedIOException io) {
            throw io.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return failure;
    }
}
