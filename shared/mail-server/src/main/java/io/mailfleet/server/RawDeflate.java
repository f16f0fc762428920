package io.mailfleet.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Both directions of a connection's raw DEFLATE (RFC 1951 without a zlib or gzip wrapper), as IMAP
 * COMPRESS=DEFLATE (RFC 4978) asks, with the JDK's zlib. It works on the octets the socket hands over
 * and is given, so it sits inside TLS whatever Vert.x's pipeline looks like.
 */
final class RawDeflate {

    /** Octets of inflated input handed on at once: what one compressed read may expand to arrives in pieces. */
    static final int CHUNK = 64 * 1024;

    private final Inflater inflater = new Inflater(true);
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final byte[] buffer = new byte[CHUNK];
    private boolean ended;

    /**
     * Inflates what the client sent, giving the result to {@code out} a chunk of at most {@link #CHUNK}
     * octets at a time, as it comes.
     *
     * @throws IOException when the octets are not a DEFLATE stream, or end it: RFC 4978 has the
     *     compression last as long as the connection
     */
    void inflate(byte[] compressed, Consumer<byte[]> out) throws IOException {
        inflater.setInput(compressed);
        try {
            // A chunk's consumer may close the connection, which ends the streams.
            while (!ended) {
                int inflated = inflater.inflate(buffer);
                if (inflated > 0) {
                    out.accept(Arrays.copyOf(buffer, inflated));
                } else if (inflater.finished() || inflater.needsDictionary()) {
                    throw new IOException("the client ended its DEFLATE stream or asked for a dictionary");
                } else if (inflater.needsInput()) {
                    return;
                }
            }
        } catch (DataFormatException e) {
            throw new IOException("the client's octets are not DEFLATE: " + e.getMessage(), e);
        }
    }

    /** Compresses octets for the client with a sync flush, so that they leave whole and the client can read them at once. */
    byte[] deflate(byte[] plain) {
        deflater.setInput(plain);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(plain.length / 2 + 64);
        int written;
        // A sync flush is done when it leaves room in the buffer (Deflater.deflate's contract).
        do {
            written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            compressed.write(buffer, 0, written);
        } while (written == buffer.length);
        return compressed.toByteArray();
    }

    /** Frees zlib's native memory; the streams are not used after. */
    void end() {
        ended = true;
        inflater.end();
        deflater.end();
    }
}
