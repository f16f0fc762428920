package io.mailfleet.pop3.gateway.maildrop;

import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.pop3.gateway.server.Backends;
import io.mailfleet.store.lease.Lease;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.StoredMessage;
import io.micrometer.core.instrument.Metrics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Opens maildrops: the user's lease first, then the INBOX snapshot under it. */
public final class InboxMaildrops {

    private final Backends backends;
    private final Duration lockTtl;
    private final ExpungeEvents expungeEvents;
    private final BodyCache bodies;

    public InboxMaildrops(Backends backends, Duration lockTtl, BodyCache bodies) {
        this.backends = backends;
        this.lockTtl = lockTtl;
        this.bodies = bodies;
        // Micrometer's global registry is the one Quarkus exports on /q/metrics.
        this.expungeEvents = new ExpungeEvents(backends.events(), Metrics.globalRegistry);
    }

    /**
     * Blocking: the maildrop, or empty when another session holds it (RFC 1939 §8, {@code [IN-USE]}).
     * Store failures are thrown as StoreUnavailableException, after giving back a lease taken.
     */
    public Optional<InboxMaildrop> open(String account) {
        Backends.Store store = backends.store();
        Optional<Lease> lease = store.leases().acquire(account, lockTtl);
        if (lease.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<Mailbox> inbox = store.mailboxes().findIgnoringSubscription(account, MailboxPath.INBOX);
            List<StoredMessage> snapshot = inbox.map(mailbox -> store.messages().list(mailbox.id())).orElse(List.of());
            return Optional.of(new InboxMaildrop(lease.get(), inbox, snapshot, store.leases(), store.messages(),
                    backends.blobs(), bodies, expungeEvents, lockTtl));
        } catch (RuntimeException e) {
            store.leases().release(lease.get(), lockTtl);
            throw e;
        }
    }
}
