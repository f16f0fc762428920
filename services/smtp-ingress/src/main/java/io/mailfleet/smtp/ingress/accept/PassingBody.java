package io.mailfleet.smtp.ingress.accept;

import io.mailfleet.model.event.ClientDigest;

import java.util.Optional;

/**
 * What smtp-ingress learns of a body from the octets it stores, as they pass: whether its last line
 * is still open (only BDAT can leave it so) and the client digest that delivery would otherwise
 * read the body back from the blob store to compute.
 */
final class PassingBody {

    private final ClientDigest digest;
    /** The last two octets so far, the last one in the low byte; -1 while there are none. */
    private int tail = -1;

    PassingBody(String queueId, String sender) {
        digest = new ClientDigest(queueId, sender);
    }

    /** The next octets as they are stored. */
    void add(byte[] chunk) {
        for (int i = Math.max(0, chunk.length - 2); i < chunk.length; i++) {
            tail = ((tail & 0xff) << 8) | (chunk[i] & 0xff);
        }
        digest.update(chunk);
    }

    /** Whether the octets so far end in the middle of a line, which a stored message never does. */
    boolean lastLineOpen() {
        return tail != -1 && (tail & 0xffff) != ('\r' << 8 | '\n');
    }

    /** At the end: the client digest in hex, or empty for a body that does not start with our trace field. */
    Optional<String> clientDigest() {
        return digest.finish().map(ClientDigest::hex);
    }
}
