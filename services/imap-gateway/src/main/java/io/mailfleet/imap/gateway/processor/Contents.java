package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.gateway.server.Backends;
import io.mailfleet.quarkus.content.ContentIndexer;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.mailbox.MessageContent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed content of messages, by blob key, as delivery stored it. A message appended here is
 * parsed once, as delivery parses one, before its row is written; only a message stored without
 * content (which nothing in mailfleet writes) is parsed on first read and its content stored.
 */
public final class Contents {

    private static final ContentIndexer INDEXER = new ContentIndexer();

    private final Backends backends;
    private final Map<String, MessageContent> read = new HashMap<>();
    /** The keys the command will ask for, read together at its first question; empty after that. */
    private Collection<String> expected;

    /** @param expected the blob keys of the messages the command answers about */
    Contents(Backends backends, Collection<String> expected) {
        this.backends = backends;
        this.expected = expected;
    }

    MessageContent of(String blobKey) throws IOException {
        if (!expected.isEmpty()) {
            // A FETCH that needs one message's content needs every message's: one read of all, not one by one.
            read.putAll(backends.store().contents().findAll(expected));
            expected = List.of();
        }
        MessageContent cached = read.get(blobKey);
        if (cached != null) {
            return cached;
        }
        MessageContent content = backends.store().contents().find(blobKey).orElse(null);
        if (content == null) {
            try (InputStream body = backends.blobs().get(new BlobKey(blobKey))) {
                content = index(blobKey, body);
            }
            backends.store().contents().put(content);
        }
        read.put(blobKey, content);
        return content;
    }

    /** ENVELOPE and BODYSTRUCTURE as sent, the header index, the part offsets, the preview and the search text, as delivery stores them. */
    public static MessageContent index(String blobKey, InputStream message) throws IOException {
        return INDEXER.index(blobKey, message);
    }
}
