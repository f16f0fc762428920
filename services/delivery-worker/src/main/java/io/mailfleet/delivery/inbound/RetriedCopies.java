package io.mailfleet.delivery.inbound;

import io.mailfleet.model.event.ClientDigest;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobStore;
import io.mailfleet.store.cassandra.CassandraFirstCopies;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the second copy a client's retry makes after a 451 that was not a failure. When Kafka hangs
 * while smtp-ingress publishes, the client is told 451, yet the broker may have read the event and
 * append it once it recovers; the client then sends the message again, under a new message id, and
 * both events would be delivered. Here each recipient of a message received over SMTP is claimed
 * under the digest of the client's octets and sender ({@link ClientDigest}) for a window: a later
 * message with the same digest and recipient but another message id within the window is that
 * retry, and is not delivered to that recipient again. Messages whose octets differ anywhere are
 * never merged, and the same message sent again after the window is delivered again.
 */
public final class RetriedCopies {

    private final BlobStore blobs;
    private final CassandraFirstCopies firstCopies;
    private final Duration window;

    public RetriedCopies(BlobStore blobs, CassandraFirstCopies firstCopies, Duration window) {
        this.blobs = blobs;
        this.firstCopies = firstCopies;
        this.window = window;
    }

    /** The recipients of {@code mail} that another message with the same client octets reached within the window. */
    public Set<String> reachedBefore(MailAccepted mail) throws IOException {
        Optional<byte[]> digest = clientDigest(mail);
        if (digest.isEmpty()) {
            return Set.of();
        }
        Set<String> reached = new HashSet<>();
        for (Recipient recipient : mail.recipients()) {
            String holder = firstCopies.claim(digest.get(), recipient.address(), mail.messageId(), window);
            if (!holder.equals(mail.messageId())) {
                reached.add(recipient.address());
            }
        }
        return reached;
    }

    /** The digest smtp-ingress computed as the body passed, or, for an event written without it, the stored body's. */
    private Optional<byte[]> clientDigest(MailAccepted mail) throws IOException {
        if (mail.clientDigest().isPresent()) {
            return Optional.of(HexFormat.of().parseHex(mail.clientDigest().get()));
        }
        try (InputStream stored = blobs.get(new BlobKey(mail.blobKey()))) {
            return ClientDigest.of(mail.queueId(), mail.sender().orElse(""), stored);
        }
    }
}
