package io.mailfleet.imap.gateway.fetch;

import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The decoded octets of the encoded parts one FETCH asks BINARY or BINARY.SIZE of (RFC 3516). A literal
 * announces its size before its first octet, and the decoded size of a part is not stored, so the part
 * is read and decoded once to learn it. The octets of that read are kept when they fit in what is left of
 * the command's {@link #BUDGET}, and then sent from memory: one ranged read serves the size and the
 * octets. A part that does not fit is only counted, and streamed by a second read that decodes again, so
 * that memory stays bounded whatever the part's size. What a read learnt is kept for the command, so
 * BINARY.SIZE and BINARY of one part cost one read.
 */
public final class DecodedParts {

    /** Decoded octets one FETCH command holds at most, over all its parts. */
    public static final int BUDGET = 1 << 20;

    /** A part's decoded size, and its decoded octets when they were kept (else null). */
    public record Decoded(long size, byte[] octets) {
    }

    private final BlobStore blobs;
    private final Map<String, Decoded> read = new HashMap<>();
    private long left = BUDGET;

    public DecodedParts(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** The part stored at {@code range} of the blob, in an encoding {@link TransferDecoding} decodes. */
    public Decoded of(String blobKey, ByteRange range, String encoding) throws IOException {
        String key = blobKey + ' ' + range.start() + ' ' + range.end();
        Decoded known = read.get(key);
        if (known != null) {
            return known;
        }
        Decoded decoded;
        try (InputStream in = TransferDecoding.decoder(encoding, blobs.get(new BlobKey(blobKey), range.start(), range.length()))
                .orElseThrow(() -> new IllegalArgumentException("no decoder for " + encoding))) {
            // One octet more than may be kept tells a part that fits from one that does not.
            byte[] start = in.readNBytes((int) left + 1);
            if (start.length <= left) {
                left -= start.length;
                decoded = new Decoded(start.length, start);
            } else {
                decoded = new Decoded(start.length + TransferDecoding.decodedSize(in), null);
            }
        }
        read.put(key, decoded);
        return decoded;
    }
}
