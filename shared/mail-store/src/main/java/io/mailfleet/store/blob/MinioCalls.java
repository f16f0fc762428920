package io.mailfleet.store.blob;

import io.minio.errors.ErrorResponseException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what the MinIO client throws into the port's two failures. The client declares nine checked
 * exceptions and wraps interrupts and unexpected errors in RuntimeException; to a service they all
 * mean the same thing, a store it cannot use right now, except a missing object.
 */
final class MinioCalls {

    private MinioCalls() {
    }

    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code call}. A missing object is a {@link BlobNotFoundException} when {@code key} is given;
     * for our own temporary objects ({@code key} null) it can only mean something else went wrong.
     */
    static <T> T call(String what, BlobKey key, Call<T> call) {
        try {
            return call.run();
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if (key != null && "NoSuchKey".equals(code)) {
                throw new BlobNotFoundException(key);
            }
            String status = e.response() == null ? "" : " (HTTP " + e.response().code() + ")";
            throw new BlobStoreUnavailableException("S3 " + what + " failed: " + code + status + ": "
                    + e.errorResponse().message(), e);
        } catch (Exception e) {
            restoreInterrupt(e);
            throw new BlobStoreUnavailableException("S3 " + what + " failed: " + e, e);
        }
    }

    /**
     * The result of one of the asynchronous client's calls, with the failure it completed with
     * thrown as the synchronous client would throw it, so that {@link #call} maps it the same way.
     */
    static <T> T await(CompletableFuture<T> call) throws Exception {
        try {
            return call.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof Exception failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** MinIO waits on futures and swallows the interrupt flag; the caller's thread must keep it. */
    private static void restoreInterrupt(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
