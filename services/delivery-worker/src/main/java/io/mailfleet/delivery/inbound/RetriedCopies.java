package io.mailfleet.delivery.inbound;

import io.mailfleet.model.event.ClientDigest;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobStore;
import io.mailfleet.store.cassandra.CassandraFirstCopies;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Finds the second copy a client's retry makes after a 451 that was not a failure. When Kafka hangs
 * while smtp-ingress publishes, the client is told 451, yet the broker may have read the event and
 * append it once it recovers; the client then sends the message again, under a new message id, and
 * both events would be delivered. Here each destination of a message received over SMTP (a local
 * account once aliases are followed, a remote address, or the recipient itself when it bounces) is
 * claimed under the digest of the client's octets and sender ({@link ClientDigest}) for a window:
 * a later message with the same digest and destination but another message id within the window is
 * that retry, and does not reach that destination again. Destinations, not envelope recipients, are
 * claimed because two attempts handled at once can reach one account by different recipients (the
 * account itself and an alias of it): claimed per recipient, each attempt won one of them and the
 * account got both. Messages whose octets differ anywhere are never merged, and the same message
 * sent again after the window is delivered again.
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

    /** Whether a destination was reached by another attempt at the same message. */
    @FunctionalInterface
    public interface Reached {
        /**
         * Whether another message with the same client octets reached {@code destination} within the
         * window; if none did, the destination is claimed for this message (asking again answers the same).
         */
        boolean before(String destination);
    }

    /** The claims of one message's destinations, taken as its routing asks for each. */
    public Reached destinationsOf(MailAccepted mail) throws IOException {
        Optional<byte[]> digest = clientDigest(mail);
        if (digest.isEmpty()) {
            return destination -> false;
        }
        return destination -> !firstCopies.claim(digest.get(), destination, mail.messageId(), window).equals(mail.messageId());
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
