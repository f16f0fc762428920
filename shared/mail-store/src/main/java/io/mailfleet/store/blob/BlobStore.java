package io.mailfleet.store.blob;

import java.io.IOException;
import java.io.InputStream;

/**
 * Message bodies and other large octet strings, content-addressed: the key of a blob is derived
 * from the SHA-256 of its content, so identical content is stored once and a put is idempotent.
 *
 * <p>Failures: a blob that does not exist is a {@link BlobNotFoundException}; every other failure of
 * the store (network, timeout, credentials, server error) is a {@link BlobStoreUnavailableException},
 * which services answer with a temporary error. A put rethrows a failure of the caller's own stream
 * unchanged, as the {@link IOException} (or unchecked exception) the stream threw.
 *
 * <p>Content is shared by every reference to it: {@link #delete} belongs to a collector that knows no
 * message refers to the blob any more, not to the expunge of one message.
 */
public interface BlobStore extends AutoCloseable {

    /**
     * Stores exactly {@code size} octets read from {@code content}, leaving anything after them unread.
     * The caller keeps ownership of {@code content} and closes it.
     *
     * @throws java.io.EOFException if {@code content} ends before {@code size} octets
     * @throws IOException if reading {@code content} fails, rethrown as the stream threw it
     */
    BlobRef put(InputStream content, long size) throws IOException;

    /**
     * Stores everything {@code content} yields until its end, streamed: memory use does not grow with
     * the size of the content. The caller keeps ownership of {@code content} and closes it.
     *
     * @throws IOException if reading {@code content} fails, rethrown as the stream threw it
     */
    BlobRef put(InputStream content) throws IOException;

    /**
     * The whole blob, streamed. The caller closes the stream; a failure of the store while it is being
     * read surfaces as an {@link IOException} from {@code read}.
     */
    InputStream get(BlobKey key);

    /**
     * At most {@code length} octets starting at {@code offset}: fewer when the blob ends first, none
     * when {@code offset} is at or past its end (IMAP partial fetch semantics). The caller closes it.
     */
    InputStream get(BlobKey key, long offset, long length);

    /** The size of the blob in octets. */
    long size(BlobKey key);

    boolean exists(BlobKey key);

    /** Removes the blob; removing a blob that does not exist is not an error. */
    void delete(BlobKey key);

    /** Releases connections and threads; the store is unusable afterwards. */
    @Override
    void close();
}
