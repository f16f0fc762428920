package io.mailfleet.imap.gateway.server;

import io.mailfleet.imap.gateway.fetch.TransferDecoding;
import io.mailfleet.imap.gateway.processor.BodySource;
import io.mailfleet.server.ChunkSource;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One body section of a FETCH response as the connection streams it: a ranged read of the blob, a
 * chunk at a time, decoded on the way for BINARY of an encoded part (a section in memory,
 * {@link BodySource.Bytes}, is written with the response, never streamed). It must give exactly the
 * octets the literal announced; a store that fails or gives fewer fails the stream, and the connection
 * is closed rather than send a wrong literal.
 */
final class BodyChunks implements ChunkSource {

    private static final int CHUNK = 64 * 1024;

    private final BlobStore blobs;
    private final BodySource source;
    private InputStream content;
    private long sent;
    private boolean done;

    BodyChunks(BlobStore blobs, BodySource source) {
        this.blobs = blobs;
        this.source = source;
    }

    BodySource source() {
        return source;
    }

    /** Starts the read of a blob section, so that a store that cannot answer fails here, before any octet is sent. */
    private void open() {
        if (source instanceof BodySource.Blob blob && content == null) {
            content = blobs.get(new BlobKey(blob.blobKey()), blob.offset(), blob.length());
        }
        if (source instanceof BodySource.DecodedBlob decoded && content == null) {
            InputStream encoded = blobs.get(new BlobKey(decoded.blobKey()), decoded.offset(), decoded.length());
            content = TransferDecoding.decoder(decoded.encoding(), encoded).orElseThrow();
            try {
                content.skipNBytes(decoded.skip());
            } catch (IOException e) {
                closeQuietly();
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Opens the read and, for a section of at most one chunk, reads it all and closes it: its octets; null for a
     * larger section, left open for the stream.
     */
    byte[] readIfOneChunk() throws IOException {
        open();
        if (total() > CHUNK) {
            return null;
        }
        byte[] whole = next();
        close();
        return whole == null ? new byte[0] : whole;
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            // The read is abandoned either way.
        }
    }

    @Override
    public byte[] next() throws IOException {
        if (done) {
            return null;
        }
        long total = total();
        if (sent == total) {
            done = true;
            return null;
        }
        open();
        byte[] chunk = new byte[(int) Math.min(CHUNK, total - sent)];
        int read = content.readNBytes(chunk, 0, chunk.length);
        if (read < chunk.length) {
            throw new IOException("the stored body ended " + (total - sent - read) + " octets early");
        }
        sent += read;
        return chunk;
    }

    /** The octets the section's literal announced. */
    private long total() {
        return source instanceof BodySource.Blob blob ? blob.length() : ((BodySource.DecodedBlob) source).count();
    }

    @Override
    public void close() throws IOException {
        if (content != null) {
            content.close();
        }
    }
}
