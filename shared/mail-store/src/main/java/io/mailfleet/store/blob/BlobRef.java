package io.mailfleet.store.blob;

import java.util.Objects;

/**
 * What a put stored: the key and the size in octets, both worth keeping in metadata so that sizes
 * never need a round trip to the blob store (docs/architecture.md, invariant 5).
 */
public record BlobRef(BlobKey key, long size) {

    public BlobRef {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0: " + size);
        }
    }

    /** The SHA-256 of the content, 64 lowercase hex digits. */
    public String sha256() {
        return key.sha256();
    }
}
