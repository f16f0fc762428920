package io.mailfleet.store.lease;

import java.time.Duration;
import java.util.Optional;

/**
 * Exclusive access to an account's maildrop across every gateway instance (RFC 1939 §8: a POP3
 * session holds its maildrop alone until QUIT). A lease lives for a time to live that its holder
 * renews while the session lasts; a holder that crashes frees the maildrop by itself when the time
 * to live runs out, one that ends its session frees it at once with {@link #release}.
 *
 * <p>The account is named by its lookup key ({@code Account.key()}), so that two spellings of one
 * address share one lease. A time to live is counted in whole seconds (rounded up) and must be at
 * least one second. The store failing to answer is a {@code StoreUnavailableException}.
 */
public interface MaildropLeases {

    /**
     * Takes the account's maildrop for {@code ttl}, or empty when another holder has it (and its
     * lease has not expired).
     */
    Optional<Lease> acquire(String account, Duration ttl);

    /**
     * Extends a held lease to {@code ttl} from now. False when it was lost: it expired, and may have
     * been taken by another holder since; the session must then stop using the maildrop.
     */
    boolean renew(Lease lease, Duration ttl);

    /**
     * Frees the maildrop if {@code lease} still holds it; does nothing when it was lost already. The
     * holder must not use the maildrop from the call on, even when it throws. {@code ttl} is the time
     * to live the lease was last taken or renewed with.
     */
    void release(Lease lease, Duration ttl);
}
