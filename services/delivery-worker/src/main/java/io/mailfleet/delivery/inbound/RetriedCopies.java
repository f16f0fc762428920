package io.mailfleet.delivery.inbound;

import io.mailfleet.model.event.ClientDigest;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobStore;
import io.mailfleet.store.cassandra.CassandraFirstCopies;
import io.mailfleet.store.mailbox.FirstCopyClaim;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>A local account's claim is written in its INBOX's partition by the change that adds the copy
 * ({@link FirstCopyClaim}), so it costs no round of its own, and a copy that is not added (over quota)
 * holds no later attempt back. Remote addresses and bounces have no such partition: they are claimed
 * in {@code first_copies} with a lightweight transaction. Workers from before the INBOX claims claim
 * local accounts there too, and read no INBOX claim: in a store upgraded from them, until one window
 * after the upgrade, a local account is claimed there as well, so that either kind of worker finds
 * the other's attempt.
 */
public final class RetriedCopies {

    private final BlobStore blobs;
    private final CassandraFirstCopies firstCopies;
    private final Duration window;
    private final Clock clock;
    /** Until when local accounts are also claimed in {@code first_copies}, as older workers claim them. */
    private final Optional<Instant> olderClaimsUntil;

    /** Blocking: reads when the store got the INBOX claims. */
    public RetriedCopies(BlobStore blobs, CassandraFirstCopies firstCopies, Duration window, Clock clock) {
        this.blobs = blobs;
        this.firstCopies = firstCopies;
        this.window = window;
        this.clock = clock;
        this.olderClaimsUntil = firstCopies.olderClaimsUntil(window);
    }

    /** The claims of one message's destinations, taken as its routing asks for each. */
    public Claims destinationsOf(MailAccepted mail) throws IOException {
        Optional<byte[]> digest = clientDigest(mail);
        boolean olderClaims = digest.isPresent() && olderClaimsUntil.filter(clock.instant()::isBefore).isPresent();
        return new Claims(mail.messageId(), digest, olderClaims);
    }

    /** What the routing of one message asks about its destinations. */
    public final class Claims {

        private final String messageId;
        private final Optional<byte[]> digest;
        private final boolean olderClaims;

        private Claims(String messageId, Optional<byte[]> digest, boolean olderClaims) {
            this.messageId = messageId;
            this.digest = digest;
            this.olderClaims = olderClaims;
        }

        /** The claim each of the message's local copies carries into its INBOX's change; empty without a client digest. */
        public Optional<FirstCopyClaim> ofAccount() {
            return digest.map(bytes -> new FirstCopyClaim(ClientDigest.hex(bytes), window));
        }

        /**
         * Whether another message with the same client octets reached {@code destination}, a remote address or a
         * recipient that bounces, within the window; if none did, the destination is claimed for this message
         * (asking again answers the same).
         */
        public boolean reachedBefore(String destination) {
            return digest.isPresent() && !firstCopies.claim(digest.get(), destination, messageId, window).equals(messageId);
        }

        /**
         * Whether another message with the same octets reached the local account by {@code first_copies} within the
         * window, in a store upgraded from workers that claim local accounts there, until one window after the upgrade;
         * if none did, the account is claimed there for this message, for those workers to find. Otherwise false: the
         * INBOX claim alone decides.
         */
        public boolean accountReachedBefore(String account) {
            return olderClaims && reachedBefore(account);
        }
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
