package io.mailfleet.store.blob;

/**
 * Keeps blobs from the collector while references to them are being made. A blob is content-addressed
 * and shared, so a writer about to refer to one (storing it, delivering or appending a message with it,
 * copying a message) may find it exists already although no message refers to it yet, and a collector
 * could be deleting it at that moment. Pinning first closes that race.
 */
public interface BlobPins {

    /**
     * Pins the blob for longer than any writer takes to make its reference durable. Returns once no
     * collector can delete it any more: at once, or after a deletion already under way has ended, in
     * which case the blob is gone and the caller stores it again. Call it before checking whether the
     * blob exists and before writing anything that refers to it; a write of the blob itself may run
     * meanwhile if it is written again when this returns true.
     *
     * @return whether a deletion of the blob was waited out: what was stored under its key before
     *         this returned may be gone
     * @throws io.mailfleet.store.StoreUnavailableException if the pin cannot be written or a deletion
     *         does not end in time
     */
    boolean pin(BlobKey key);
}
