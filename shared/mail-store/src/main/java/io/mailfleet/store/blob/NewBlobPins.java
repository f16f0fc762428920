package io.mailfleet.store.blob;

import io.mailfleet.store.mailbox.MessageContent;

import java.util.Optional;

/**
 * Pins of blobs whose content no earlier put can have stored, such as a body that starts with a trace
 * field naming its own transaction's queue id: no collector can have condemned such a blob, so its pin,
 * written before the blob is, needs no read of condemnations after it (see {@link BlobPins} for the
 * general case, and the implementation for why this one is safe).
 */
public interface NewBlobPins {

    /**
     * Pins the blob, and stores its parsed content if there is one, in one durable write. Call it before
     * anything is written under the key, and only for content new by construction: for content stored
     * before, a collector may be deleting it, which only {@link BlobPins#pin} finds out.
     *
     * @throws io.mailfleet.store.StoreUnavailableException if the write fails
     */
    void pinNew(BlobKey key, Optional<MessageContent> content);
}
