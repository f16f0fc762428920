package io.mailfleet.pop3.gateway.maildrop;

import io.mailfleet.model.event.MessageExpunged;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.pop3.MaildropMessage;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobStore;
import io.mailfleet.store.lease.Lease;
import io.mailfleet.store.lease.MaildropLeases;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.StoredMessage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's INBOX as one POP3 session sees it: the snapshot taken at login (RFC 1939 §4), held
 * under the user's maildrop lease. Unique ids are UIDVALIDITY and UID, which never change for a
 * message and are never reused in the mailbox. Deleting expunges from the shared mailbox, so IMAP
 * sees the messages gone too, and announces it on {@code mailbox.events}; the blobs stay for the
 * collector, since other mailboxes may hold the same content.
 */
public final class InboxMaildrop {

    /** The store expunges at most this many UIDs per change; one event per change. */
    private static final int EXPUNGE_CHUNK = 100;

    private final Lease lease;
    private final Optional<Mailbox> inbox;
    private final Map<String, StoredMessage> byUniqueId = new LinkedHashMap<>();
    private final MaildropLeases leases;
    private final MessageRepository messages;
    private final BlobStore blobs;
    private final BodyCache bodies;
    private final ExpungeEvents events;
    private final Duration lockTtl;

    InboxMaildrop(Lease lease, Optional<Mailbox> inbox, List<StoredMessage> snapshot, MaildropLeases leases,
                  MessageRepository messages, BlobStore blobs, BodyCache bodies, ExpungeEvents events, Duration lockTtl) {
        this.lease = lease;
        this.inbox = inbox;
        this.leases = leases;
        this.messages = messages;
        this.blobs = blobs;
        this.bodies = bodies;
        this.events = events;
        this.lockTtl = lockTtl;
        inbox.ifPresent(mailbox -> snapshot.forEach(m -> byUniqueId.put(uniqueId(mailbox, m.uid()), m)));
    }

    /** The messages in UID order, as the session numbers them. */
    public List<MaildropMessage> listing() {
        List<MaildropMessage> listing = new ArrayList<>();
        byUniqueId.forEach((id, message) -> listing.add(new MaildropMessage(id, message.size())));
        return listing;
    }

    /** Blocking: the stored message, from the body cache or streamed from the blob store; the caller closes it. */
    public InputStream content(String uniqueId) throws IOException {
        StoredMessage message = message(uniqueId);
        return bodies.content(blobs, message.blobKey(), message.size());
    }

    /** Never blocking: the message's body when the body cache holds it; the array is the cache's, to read only. */
    public Optional<byte[]> bodyInMemory(String uniqueId) {
        return bodies.kept(message(uniqueId).blobKey());
    }

    /** Blocking: false when the lease was lost (it expired and another session took it). */
    public boolean renew() {
        return leases.renew(lease, lockTtl);
    }

    /**
     * Blocking: expunges the messages (at QUIT, perhaps none), announces what was expunged, and releases
     * the lease, before the sign-off, so that the client's next session finds the maildrop free. A store
     * failure is thrown; some chunks may be expunged by then, and the lease is still released. The
     * announcement is a hint that does not fail the commit.
     */
    public void commit(List<String> uniqueIds) {
        try {
            expunge(uniqueIds);
        } finally {
            release();
        }
    }

    private void expunge(List<String> uniqueIds) {
        if (inbox.isPresent() && !uniqueIds.isEmpty()) {
            List<Uid> uids = uniqueIds.stream().map(this::message).map(StoredMessage::uid).toList();
            for (int from = 0; from < uids.size(); from += EXPUNGE_CHUNK) {
                List<Uid> chunk = uids.subList(from, Math.min(uids.size(), from + EXPUNGE_CHUNK));
                Optional<ModSeq> modSeq = messages.expunge(inbox.get().id(), chunk);
                if (modSeq.isPresent()) {
                    events.publish(new MessageExpunged(MessageExpunged.CURRENT_VERSION, inbox.get().account(),
                            inbox.get().id().toString(), chunk.stream().map(Uid::value).toList(), modSeq.get().value()));
                }
            }
        }
    }

    /** Blocking; never throws: an unreleased lease expires by itself. */
    public void release() {
        try {
            leases.release(lease, lockTtl);
        } catch (RuntimeException e) {
            // The TTL frees it.
        }
    }

    private StoredMessage message(String uniqueId) {
        StoredMessage message = byUniqueId.get(uniqueId);
        if (message == null) {
            throw new IllegalArgumentException("not in this maildrop: " + uniqueId);
        }
        return message;
    }

    static String uniqueId(Mailbox mailbox, Uid uid) {
        return mailbox.uidValidity().value() + "." + uid.value();
    }
}
