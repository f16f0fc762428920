package io.mailfleet.pop3.gateway.maildrop;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Small message bodies recently read from the blob store, up to a total size. A blob's key is the
 * SHA-256 of its content, so an entry never goes stale and needs no invalidation: what it gives is
 * what the store would give. It spares a store round trip (an S3 GET) whenever a message is read
 * again: TOP then RETR of the same message, a client that reconnects after a dropped transfer,
 * several devices that leave the mail on the server, and bench/pop3.sh, whose sessions RETR every
 * message each time.
 *
 * <p>Bodies over {@link #MAX_BODY} octets are streamed from the store as before and never held whole.
 */
public final class BodyCache {

    /** The largest body kept: one chunk of a RETR, so a cached message never costs more memory than reading it. */
    static final int MAX_BODY = 64 * 1024;

    private final Optional<Cache<String, byte[]>> bodies;

    /** @param maxBytes the octets of bodies kept at most; 0 turns the cache off */
    public BodyCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("the size must not be negative, was " + maxBytes);
        }
        this.bodies = maxBytes == 0 ? Optional.empty() : Optional.of(Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, byte[] body) -> body.length)
                // Evicts on the reading thread, at once: the bound holds after every put, not only once a pool gets to it.
                .executor(Runnable::run)
                .build());
    }

    /** Never blocking: the body of the blob when it is kept here. */
    Optional<byte[]> kept(String blobKey) {
        return bodies.map(cache -> cache.getIfPresent(blobKey));
    }

    /**
     * Blocking: the body of the blob, whose size the message's listing gives. A small body is read
     * whole here, so a store that fails does so before the caller answers; it is kept only when it has
     * the listed size, so a damaged blob is never served from memory after its first read fails.
     */
    InputStream content(BlobStore blobs, String blobKey, long listedSize) throws IOException {
        if (bodies.isEmpty() || listedSize > MAX_BODY) {
            return blobs.get(new BlobKey(blobKey));
        }
        byte[] cached = bodies.get().getIfPresent(blobKey);
        if (cached != null) {
            return new ByteArrayInputStream(cached);
        }
        byte[] body;
        try (InputStream stored = blobs.get(new BlobKey(blobKey))) {
            // One more than the listing allows, so a blob longer than listed shows as such to the caller.
            body = stored.readNBytes((int) listedSize + 1);
        }
        if (body.length == listedSize) {
            bodies.get().put(blobKey, body);
        }
        return new ByteArrayInputStream(body);
    }
}
