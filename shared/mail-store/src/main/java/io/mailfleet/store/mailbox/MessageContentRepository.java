package io.mailfleet.store.mailbox;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Parsed message content by blob key. Identical bodies share one entry, as they share one blob. */
public interface MessageContentRepository {

    /** Stores the content and its search text if it has one; storing the same blob's content again is harmless. */
    void put(MessageContent content);

    /**
     * {@link #put} without waiting for it, so that a writer does its other work meanwhile; the result fails
     * with {@link io.mailfleet.store.StoreUnavailableException} when the store cannot take it.
     */
    CompletableFuture<Void> putAsync(MessageContent content);

    Optional<MessageContent> find(String blobKey);

    /**
     * The contents of those of {@code blobKeys} that have one, by blob key, each with the signature of its search
     * text ({@link MessageContent#textSignature}), which the other reads leave out (it is as large as the text's
     * trigrams): what delivery gives the message rows of a batch's contents, which smtp-ingress stored, without
     * reading their texts, in one request rather than one per content. Content stored before signatures were
     * comes without one ({@link MessageContent#signatureKnown} false), and its text may then be read and signed.
     */
    Map<String, MessageContent> findSigned(Collection<String> blobKeys);

    /** The contents of those of {@code blobKeys} that have one, by blob key: what a FETCH of many envelopes reads. */
    Map<String, MessageContent> findAll(Collection<String> blobKeys);

    /**
     * The search texts of those of {@code blobKeys} that have one, by blob key: what SEARCH BODY and TEXT read
     * instead of the bodies. A message past the parser's bounds, or whose content was stored before search
     * texts were (migration 013), has none.
     */
    Map<String, String> searchTexts(Collection<String> blobKeys);

    /**
     * {@link #searchTexts} without waiting for it, so that SEARCH reads the texts of a page while it reads the rows of
     * the next ones; the result fails with {@link io.mailfleet.store.StoreUnavailableException} when the store cannot
     * answer.
     */
    CompletableFuture<Map<String, String>> searchTextsAsync(Collection<String> blobKeys);

    /** Removes the content and search text of a blob the collector deletes. */
    void remove(String blobKey);
}
