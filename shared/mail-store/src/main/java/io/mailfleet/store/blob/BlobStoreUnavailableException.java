package io.mailfleet.store.blob;

/**
 * The blob store could not do what was asked: unreachable, too slow, refusing our credentials or
 * failing on its side. Services answer with a temporary error so the client retries later; the
 * message names the S3 error code when the server sent one.
 */
public class BlobStoreUnavailableException extends RuntimeException {

    public BlobStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
