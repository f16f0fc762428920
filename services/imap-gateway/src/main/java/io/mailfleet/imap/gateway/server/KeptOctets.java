package io.mailfleet.imap.gateway.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A small APPEND literal kept in memory as the upload reads it, so that the message is parsed from
 * these octets rather than read back from the blob store. Only a literal whose whole size is known
 * and bounded is kept (docs/architecture.md, invariant 5: a large body is never held whole).
 */
final class KeptOctets extends FilterInputStream {

    private final byte[] kept;
    private int count;
    private boolean overflowed;

    /** @param size the literal's announced size; 0 keeps nothing */
    KeptOctets(InputStream upload, int size) {
        super(upload);
        this.kept = new byte[size];
    }

    @Override
    public int read() throws IOException {
        int octet = super.read();
        if (octet >= 0) {
            keep(new byte[] {(byte) octet}, 0, 1);
        }
        return octet;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = in.read(buffer, offset, length);
        if (read > 0) {
            keep(buffer, offset, read);
        }
        return read;
    }

    private void keep(byte[] buffer, int offset, int length) {
        if (count + length > kept.length) {
            overflowed = true;
            return;
        }
        System.arraycopy(buffer, offset, kept, count, length);
        count += length;
    }

    /** The literal, when every one of its announced octets (and no more) passed through. */
    Optional<byte[]> literal() {
        return overflowed || count != kept.length || kept.length == 0 ? Optional.empty() : Optional.of(kept);
    }
}
