package io.mailfleet.store.mailbox;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Parsed message content by blob key. Identical bodies share one entry, as they share one blob. */
public interface MessageContentRepository {

    /** Stores the content; storing the same blob's content again is harmless. */
    void put(MessageContent content);

    Optional<MessageContent> find(String blobKey);

    /** The contents of those of {@code blobKeys} that have one, by blob key: what a FETCH of many envelopes reads. */
    Map<String, MessageContent> findAll(Collection<String> blobKeys);

    /** Removes the content of a blob the collector deletes. */
    void remove(String blobKey);
}
