package io.mailfleet.store.cassandra;

import io.mailfleet.store.mailbox.FirstCopyClaim;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where a first-copy claim lives in its mailbox's partition: the clustering columns are numbers, so
 * the claim is placed by the first 128 bits of its client digest (a SHA-256 already), and the whole
 * digest is stored beside them to be checked.
 */
record ClaimSlot(byte[] digest, long high, long low, int ttlSeconds) {

    static ClaimSlot of(FirstCopyClaim claim) {
        byte[] digest = HexFormat.of().parseHex(claim.digest());
        ByteBuffer bytes = ByteBuffer.wrap(digest);
        return new ClaimSlot(digest, bytes.getLong(), bytes.getLong(), (int) Math.min(Integer.MAX_VALUE, claim.window().toSeconds()));
    }

    /** Whether two claims are of the same client octets. */
    boolean sameDigest(ClaimSlot other) {
        return Arrays.equals(digest, other.digest);
    }

    /** Whether a stored claim's digest, read from its row, is this one's. */
    boolean sameDigest(ByteBuffer stored) {
        return stored != null && ByteBuffer.wrap(digest).equals(stored);
    }
}
