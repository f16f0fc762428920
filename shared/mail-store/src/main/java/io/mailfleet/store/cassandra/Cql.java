package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import io.mailfleet.store.StoreUnavailableException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Turns the driver's failures to reach or hear from Cassandra into {@link StoreUnavailableException}. */
final class Cql {

    private Cql() {
    }

    /**
     * Runs {@code operation}. A query Cassandra rejects as invalid is a bug and stays as it is; any
     * other driver failure (no node, timeout, unavailable replicas, overload) is a temporary outage.
     */
    static <T> T call(String what, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (QueryValidationException bug) {
            throw bug;
        } catch (DriverException e) {
            throw new StoreUnavailableException(what + ": " + e.getMessage(), e);
        }
    }

    /** Waits for an asynchronous query's {@code result}, its failure turned as {@link #call} turns it. */
    static <T> T await(String what, CompletableFuture<T> result) {
        return call(what, () -> {
            try {
                return result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        });
    }

    /** The failure of an asynchronous query as {@link #call} turns it, for a caller that hands the future on. */
    static RuntimeException failure(String what, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof DriverException e && !(e instanceof QueryValidationException)) {
            return new StoreUnavailableException(what + ": " + e.getMessage(), e);
        }
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }

    static void run(String what, Runnable operation) {
        call(what, () -> {
            operation.run();
            return null;
        });
    }
}
