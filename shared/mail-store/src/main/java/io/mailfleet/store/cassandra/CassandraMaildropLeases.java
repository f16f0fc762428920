package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.lease.Lease;
import io.mailfleet.store.lease.MaildropLeases;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Maildrop leases in {@code maildrop_leases}, one row per account, changed only by lightweight
 * transactions (serial consistency LOCAL_SERIAL) so that instances racing for one account agree on
 * a single holder. Each write carries the lease's time to live: Cassandra drops the row of a holder
 * that stopped renewing, and the maildrop is free again.
 *
 * <p>When Cassandra cannot say whether a conditional write applied (a Paxos round that timed out or
 * lost track of its proposal), a serial read of the row finishes or discards that round and tells:
 * the lease is ours, someone else's, or nobody's. Where the answer leaves the write undone although
 * it may still apply (the row is free for an acquire; still ours for a renewal or release), the
 * write is tried again, a few times at most.
 */
public final class CassandraMaildropLeases implements MaildropLeases {

    /** Cassandra's largest time to live: 20 years. */
    private static final long MAX_TTL_SECONDS = 630_720_000L;
    /** Conditional writes whose outcome stayed unknown this many times in a row: the store is not answering. */
    private static final int MAX_ATTEMPTS = 3;

    private enum Resolution { APPLIED, NOT_APPLIED, AGAIN }

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement renew;
    private final PreparedStatement delete;
    private final PreparedStatement select;

    public CassandraMaildropLeases(CqlSession session) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO maildrop_leases (account, holder) VALUES (?, ?) IF NOT EXISTS USING TTL ?");
        this.renew = session.prepare("UPDATE maildrop_leases USING TTL ? SET holder = ? WHERE account = ? IF holder = ?");
        this.delete = session.prepare("DELETE FROM maildrop_leases WHERE account = ? IF holder = ?");
        this.select = session.prepare("SELECT holder FROM maildrop_leases WHERE account = ?");
    }

    @Override
    public Optional<Lease> acquire(String account, Duration ttl) {
        requireAccount(account);
        int seconds = seconds(ttl);
        UUID holder = UUID.randomUUID();
        boolean taken = conditional("take maildrop lease of " + account, account,
                insert.bind(account, holder, seconds),
                current -> current == null ? Resolution.AGAIN : holder.equals(current) ? Resolution.APPLIED : Resolution.NOT_APPLIED);
        return taken ? Optional.of(new Lease(account, holder)) : Optional.empty();
    }

    @Override
    public boolean renew(Lease lease, Duration ttl) {
        Objects.requireNonNull(lease, "lease");
        int seconds = seconds(ttl);
        // Still ours after an unknown outcome: the new time to live may not be set, so set it again.
        return conditional("renew maildrop lease of " + lease.account(), lease.account(),
                renew.bind(seconds, lease.holder(), lease.account(), lease.holder()),
                current -> lease.holder().equals(current) ? Resolution.AGAIN : Resolution.NOT_APPLIED);
    }

    @Override
    public void release(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        conditional("release maildrop lease of " + lease.account(), lease.account(),
                delete.bind(lease.account(), lease.holder()),
                current -> lease.holder().equals(current) ? Resolution.AGAIN : Resolution.NOT_APPLIED);
    }

    /**
     * Runs a conditional write. When its outcome is unknown, {@code afterUnknown} decides from the
     * holder a serial read finds (null for none): applied, not applied, or to be tried again.
     */
    private boolean conditional(String what, String account, BoundStatement statement, Function<UUID, Resolution> afterUnknown) {
        BoundStatement serial = statement.setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return session.execute(serial).wasApplied();
            } catch (CASWriteUnknownException e) {
                // the Paxos round may or may not have been committed: ask below
            } catch (WriteTimeoutException e) {
                // A timeout of any phase of the round (prepare and propose report CAS, the commit
                // SIMPLE) leaves the outcome for a serial read to settle, since the write is conditional.
            } catch (QueryValidationException bug) {
                throw bug;
            } catch (DriverException e) {
                throw new StoreUnavailableException(what + ": " + e.getMessage(), e);
            }
            Resolution resolution = afterUnknown.apply(serialHolder(account));
            if (resolution != Resolution.AGAIN) {
                return resolution == Resolution.APPLIED;
            }
        }
        throw new StoreUnavailableException(what + ": outcome still unknown after " + MAX_ATTEMPTS + " attempts");
    }

    /** The holder after finishing any Paxos round in progress on the account's row, or null. */
    private UUID serialHolder(String account) {
        Row row = Cql.call("read maildrop lease of " + account, () ->
                session.execute(select.bind(account).setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)).one());
        return row == null ? null : row.getUuid("holder");
    }

    private static void requireAccount(String account) {
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("a maildrop lease needs an account");
        }
    }

    /** The time to live in whole seconds, rounded up, as Cassandra counts it. */
    static int seconds(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease's time to live must be positive, not " + ttl);
        }
        long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
        if (seconds > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("a lease's time to live is at most " + MAX_TTL_SECONDS + " s, not " + ttl);
        }
        return (int) seconds;
    }
}
