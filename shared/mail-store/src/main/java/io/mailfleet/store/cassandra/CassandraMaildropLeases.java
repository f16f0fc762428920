package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.lease.Lease;
import io.mailfleet.store.lease.MaildropLeases;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Maildrop leases in {@code maildrop_leases}, one row per account: {@code holder}, the session that
 * holds the maildrop, and {@code released}, the holders whose sessions ended. A take that finds no
 * holder or one that was released sets its own holder with a lightweight transaction (serial
 * consistency LOCAL_SERIAL) conditioned on the holder it found, so that instances racing for one
 * account agree on a single holder; a renewal is conditioned on its own holder. A take finds the
 * holder by reading the row, unless this instance released the account's last holder itself: then
 * it knows that holder ended and conditions on it at once ({@code IF holder = it AND released
 * CONTAINS it}), one round instead of a read and a round; when that holder was replaced meanwhile,
 * the refused round's answer carries the row's holder and released ids, in place of the read. Each
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

    /**
     * Accounts whose holder this instance released that it remembers; beyond, those released longest ago are
     * forgotten, and their next take here reads the row first.
     */
    private static final int REMEMBERED_RELEASES = 10_000;

    private enum Resolution { APPLIED, NOT_APPLIED, AGAIN }

    /** What a take found in the row: the holder, null for none, and whether that holder's session has ended. */
    private record Found(UUID holder, boolean ended) {

        static final Found NOBODY = new Found(null, false);

        boolean free() {
            return holder == null || ended;
        }

        /** From a row with both columns; null for no row. */
        static Found in(Row row) {
            UUID holder = row == null ? null : row.getUuid("holder");
            return holder == null ? NOBODY : new Found(holder, row.getSet("released", UUID.class).contains(holder));
        }
    }

    /** A holder this instance released, and when its mark in {@code released} expires, as {@link System#nanoTime}. */
    private record Released(UUID holder, long expiresAt) {
    }

    /** A conditional write's outcome and, when it did not apply, the row it found (null for none). */
    private record Outcome(boolean applied, Row found) {
    }

    private final CqlSession session;
    private final Cache<String, Released> releasedHere =
            Caffeine.newBuilder().maximumSize(REMEMBERED_RELEASES).build();
    private final PreparedStatement take;
    private final PreparedStatement takeEnded;
    private final PreparedStatement renew;
    private final PreparedStatement markReleased;
    private final PreparedStatement select;

    public CassandraMaildropLeases(CqlSession session) {
        this.session = session;
        this.take = session.prepare("UPDATE maildrop_leases USING TTL ? SET holder = ? WHERE account = ? IF holder = null");
        // A condition on released as well, so that a refusal answers with it: whether the holder found then has ended.
        this.takeEnded = session.prepare("UPDATE maildrop_leases USING TTL ? SET holder = ?, released = released - ?"
                + " WHERE account = ? IF holder = ? AND released CONTAINS ?");
        this.renew = session.prepare("UPDATE maildrop_leases USING TTL ? SET holder = ? WHERE account = ? IF holder = ?");
        this.markReleased = session.prepare("UPDATE maildrop_leases USING TTL ? SET released = released + ? WHERE account = ?");
        this.select = session.prepare("SELECT holder, released FROM maildrop_leases WHERE account = ?");
    }

    @Override
    public Optional<Lease> acquire(String account, Duration ttl) {
        requireAccount(account);
        int seconds = seconds(ttl);
        UUID holder = UUID.randomUUID();
        Found found = endedHere(account).orElseGet(() -> read(account));
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && found.free(); attempt++) {
            Outcome outcome = take(account, seconds, holder, found);
            if (outcome.applied()) {
                return Optional.of(new Lease(account, holder));
            }
            // Another session took it since, or what the take went by was behind: the refusal says what is there.
            found = outcome.found() == null || outcome.found().getColumnDefinitions().contains("released")
                    ? Found.in(outcome.found()) : read(account);
        }
        return Optional.empty();
    }

    /** The holder this instance released last for the account, while its mark may still be in the row. */
    private Optional<Found> endedHere(String account) {
        Released released = releasedHere.asMap().remove(account);
        return released == null || System.nanoTime() - released.expiresAt() >= 0
                ? Optional.empty() : Optional.of(new Found(released.holder(), true));
    }

    private Found read(String account) {
        return Found.in(Cql.call("read maildrop lease of " + account, () -> session.execute(select.bind(account)).one()));
    }

    private Outcome take(String account, int seconds, UUID holder, Found found) {
        BoundStatement statement = found.holder() == null ? take.bind(seconds, holder, account)
                : takeEnded.bind(seconds, holder, Set.of(found.holder()), account, found.holder(), found.holder());
        return conditional("take maildrop lease of " + account, account, statement,
                current -> holder.equals(current) ? Resolution.APPLIED
                        : Objects.equals(found.holder(), current) ? Resolution.AGAIN : Resolution.NOT_APPLIED);
    }

    @Override
    public boolean renew(Lease lease, Duration ttl) {
        Objects.requireNonNull(lease, "lease");
        int seconds = seconds(ttl);
        // Still ours after an unknown outcome: the new time to live may not be set, so set it again.
        return conditional("renew maildrop lease of " + lease.account(), lease.account(),
                renew.bind(seconds, lease.holder(), lease.account(), lease.holder()),
                current -> lease.holder().equals(current) ? Resolution.AGAIN : Resolution.NOT_APPLIED).applied();
    }

    /**
     * Marks the holder released, for as long as its lease could still live: a release of a lease that
     * was lost marks a holder no take will find, and the mark expires. Remembered here for as long, so
     * that the account's next take on this instance needs no read.
     */
    @Override
    public void release(Lease lease, Duration ttl) {
        Objects.requireNonNull(lease, "lease");
        int seconds = seconds(ttl);
        long marked = System.nanoTime();
        Cql.run("release maildrop lease of " + lease.account(), () ->
                session.execute(markReleased.bind(seconds, Set.of(lease.holder()), lease.account())));
        releasedHere.put(lease.account(), new Released(lease.holder(), marked + TimeUnit.SECONDS.toNanos(seconds)));
    }

    /**
     * Runs a conditional write. When its outcome is unknown, {@code afterUnknown} decides from the
     * holder a serial read finds (null for none): applied, not applied, or to be tried again.
     */
    private Outcome conditional(String what, String account, BoundStatement statement, Function<UUID, Resolution> afterUnknown) {
        BoundStatement serial = statement.setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                ResultSet result = session.execute(serial);
                return new Outcome(result.wasApplied(), result.wasApplied() ? null : result.one());
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
            Row row = serialRow(account);
            Resolution resolution = afterUnknown.apply(row == null ? null : row.getUuid("holder"));
            if (resolution != Resolution.AGAIN) {
                return new Outcome(resolution == Resolution.APPLIED, row);
            }
        }
        throw new StoreUnavailableException(what + ": outcome still unknown after " + MAX_ATTEMPTS + " attempts");
    }

    /** The row after finishing any Paxos round in progress on it, or null. */
    private Row serialRow(String account) {
        return Cql.call("read maildrop lease of " + account, () ->
                session.execute(select.bind(account).setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)).one());
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
