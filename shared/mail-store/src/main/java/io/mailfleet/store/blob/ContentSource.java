package io.mailfleet.store.blob;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The caller's content as the store reads it: hashes and counts every octet that passes, ends at the
 * declared size, and remembers the caller's own read failure. The MinIO client reads on a thread of
 * its own and wraps what it catches, so without this record a client that went away mid-DATA would
 * look like an unavailable store.
 *
 * <p>One thread reads at a time; the caller looks at the results only after the upload completed,
 * which orders those reads after the writes.
 */
final class ContentSource extends InputStream {

    static final long UNKNOWN_SIZE = -1;

    private final InputStream in;
    private final long declaredSize;
    private final MessageDigest digest;
    private long count;
    private Exception failure;
    private String sha256Hex;

    ContentSource(InputStream in, long declaredSize) {
        this.in = Objects.requireNonNull(in, "content");
        this.declaredSize = declaredSize;
        this.digest = sha256();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        int wanted = declaredSize == UNKNOWN_SIZE ? length : (int) Math.min(length, declaredSize - count);
        if (wanted == 0) {
            return -1;
        }
        int read;
        try {
            read = in.read(buffer, offset, wanted);
        } catch (IOException | RuntimeException e) {
            record(e);
            throw e;
        }
        if (read < 0) {
            if (declaredSize != UNKNOWN_SIZE) {
                EOFException early = new EOFException("content ended after " + count + " of " + declaredSize + " declared octets");
                record(early);
                throw early;
            }
            return -1;
        }
        digest.update(buffer, offset, read);
        count += read;
        return read;
    }

    /** Does not close the caller's stream: the caller owns it, whatever MinIO does with ours. */
    @Override
    public void close() {
    }

    long count() {
        return count;
    }

    /** The SHA-256 of everything read; call once the content has been read to its end. */
    String sha256Hex() {
        if (sha256Hex == null) {
            sha256Hex = HexFormat.of().formatHex(digest.digest());
        }
        return sha256Hex;
    }

    /** Rethrows the caller's stream failure, if reading it failed. */
    void rethrowFailure() throws IOException {
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
    }

    private void record(Exception e) {
        if (failure == null) {
            failure = e;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
