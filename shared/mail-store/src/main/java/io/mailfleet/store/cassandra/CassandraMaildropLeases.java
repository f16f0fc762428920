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
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Maildrop leases in {@code maildrop_leases}, one row per account: {@code holder}, the session that
 * holds the maildrop, and {@code released}, the holders whose sessions ended. A take reads the row
 * and, when it finds no holder or one that was released, sets its own holder with a lightweight
 * transaction (serial consistency LOCAL_SERIAL) conditioned on the holder it read, so that instances
 * racing for one account agree on a single holder; a renewal is conditioned on its own holder. Each
 * of these writes carries the lease's time to live: Cassandra drops the holder of a session that
 * stopped renewing, and the maildrop is free again. A release is a plain write, not a Paxos round:
 * it adds the holder to {@code released}, with the lease's time to live, and the next take replaces
 * that holder (and removes it from {@code released}).
 *
 * <p>Why that plain write may share the row with the conditional ones. Paxos orders the conditional
 * writes and decides each from the row as it stands; a plain write bypasses that order, and its
 * timestamp, from another clock, is not ordered with the ballots. A plain write of {@code holder}
 * could therefore resurrect or erase a holder Paxos decided, two sessions would then both hold
 * the maildrop, and so nothing but conditional writes ever writes {@code holder}. The release only
 * adds one element to {@code released}, and every element is a fact that stays true forever: the
 * session that drew this holder (at random, once per session) has ended and never touches the
 * maildrop again ({@link MaildropLeases#release}). Whatever the order of the plain write and the
 * conditional ones (late, early, applied twice, or shadowed by the take that removes the same
 * element), it can only let a take replace a holder that has ended, which is right whenever it
 * happens, or, lost, leave the maildrop taken until its time to live, which costs the user a wait
 * but never exclusivity. A read that is behind can do no more: the take's condition is checked
 * against the holder Paxos has, and the take applies only if that is still the one the read found.
 *
 * <p>When Cassandra cannot say whether a conditional write applied (a Paxos round that timed out or
 * lost track of its proposal), a serial read of the row finishes or discards that round and tells:
 * the lease is ours, someone else's, or nobody's. Where the answer leaves the write undone although
 * it may still apply (the holder is still the one a take replaces; still ours for a renewal), the
 * write is tried again, a few times at most.
 */
public final class CassandraMaildropLeases implements MaildropLeases {

    /** Cassandra's largest time to live: 20 years. */
    private static final long MAX_TTL_SECONDS = 630_720_000L;
    /**
     * Conditional writes whose outcome stayed unknown this many times in a row: the store is not
     * answering. Also the takes that found the row changed since their read: the maildrop is contested.
     */
    private static final int MAX_ATTEMPTS = 3;

    private enum Resolution { APPLIED, NOT_APPLIED, AGAIN }

    private final CqlSession session;
    private final PreparedStatement take;
    private final PreparedStatement renew;
    private final PreparedStatement markReleased;
    private final PreparedStatement select;

    public CassandraMaildropLeases(CqlSession session) {
        this.session = session;
        this.take = session.prepare("UPDATE maildrop_leases USING TTL ? SET holder = ?, released = released - ?"
                + " WHERE account = ? IF holder = ?");
        this.renew = session.prepare("UPDATE maildrop_leases USING TTL ? SET holder = ? WHERE account = ? IF holder = ?");
        this.markReleased = session.prepare("UPDATE maildrop_leases USING TTL ? SET released = released + ? WHERE account = ?");
        this.select = session.prepare("SELECT holder, released FROM maildrop_leases WHERE account = ?");
    }

    @Override
    public Optional<Lease> acquire(String account, Duration ttl) {
        requireAccount(account);
        int seconds = seconds(ttl);
        UUID holder = UUID.randomUUID();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Row row = Cql.call("read maildrop lease of " + account, () -> session.execute(select.bind(account)).one());
            UUID found = row == null ? null : row.getUuid("holder");
            if (found != null && !row.getSet("released", UUID.class).contains(found)) {
                return Optional.empty();
            }
            Set<UUID> ended = found == null ? Set.of() : Set.of(found);
            boolean taken = conditional("take maildrop lease of " + account, account,
                    take.bind(seconds, holder, ended, account, found),
                    current -> holder.equals(current) ? Resolution.APPLIED
                            : Objects.equals(found, current) ? Resolution.AGAIN : Resolution.NOT_APPLIED);
            if (taken) {
                return Optional.of(new Lease(account, holder));
            }
            // Another session took it since the read (the next read says so), or the read was behind.
        }
        return Optional.empty();
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

    /**
     * Marks the holder released, for as long as its lease could still live: a release of a lease that
     * was lost marks a holder no take will find, and the mark expires.
     */
    @Override
    public void release(Lease lease, Duration ttl) {
        Objects.requireNonNull(lease, "lease");
        int seconds = seconds(ttl);
        Cql.run("release maildrop lease of " + lease.account(), () ->
                session.execute(markReleased.bind(seconds, Set.of(lease.holder()), lease.account())));
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
