package io.mailfleet.store.blob;

/**
 * The blob does not exist. Unlike {@link BlobStoreUnavailableException} a retry will not help: the
 * metadata refers to content that is gone.
 */
public class BlobNotFoundException extends RuntimeException {

    private final transient BlobKey key;

    public BlobNotFoundException(BlobKey key) {
        super("no blob " + key);
        this.key = key;
    }

    public BlobKey key() {
        return key;
    }
}
