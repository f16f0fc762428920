package io.mailfleet.store.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Pseudo-random octets made up while they are read, so tests can stream tens of mebibytes without
 * holding them; the same length and seed always give the same octets.
 */
final class GeneratedContent extends InputStream {

    private final long length;
    private long position;
    private long state;

    GeneratedContent(long length, long seed) {
        this.length = length;
        this.state = seed;
    }

    static byte[] bytes(int length, long seed) {
        try (GeneratedContent content = new GeneratedContent(length, seed)) {
            return content.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256Hex(long length, long seed) {
        return sha256Hex(new GeneratedContent(length, seed));
    }

    static String sha256Hex(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }

    /** Reads {@code in} to its end and closes it. */
    static String sha256Hex(InputStream in) {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, buffer.length);
        if (position == length) {
            return -1;
        }
        int n = (int) Math.min(count, length - position);
        for (int i = 0; i < n; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            buffer[offset + i] = (byte) (state >>> 56);
        }
        position += n;
        return n;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
