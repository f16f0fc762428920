package io.mailfleet.store.mailbox;

import java.util.Optional;

/** Parsed message content by blob key. Identical bodies share one entry, as they share one blob. */
public interface MessageContentRepository {

    /** Stores the content; storing the same blob's content again is harmless. */
    void put(MessageContent content);

    Optional<MessageContent> find(String blobKey);

    /** Removes the content of a blob the collector deletes. */
    void remove(String blobKey);
}
