package io.mailfleet.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Locks out users and clients after repeated failed logins ({@link ThrottlePolicy}).
 *
 * <p>Each instance keeps its own counts, with the lockouts that double and the attempts in flight.
 * With {@link SharedLoginFailures} the failures are also recorded in Cassandra, and an attempt that
 * this instance would admit is refused when the user or the client has spent its budget within the
 * window on any instance, until the oldest of those failures leaves the window: n instances do not
 * give n times the guesses. A success clears the user's shared failures only when there were some,
 * so the usual login costs one shared read and no write. Attempts in flight on other instances are
 * not seen: a burst sent to n instances at the same moment can still exceed the budget once.
 *
 * <p>A success clears the user's failures but not the client's: otherwise an attacker could log
 * in to an account of their own between guesses at others from the same address.
 */
final class LoginThrottle {

    private static final String USER = "user:";
    private static final String CLIENT = "client:";

    private final ThrottlePolicy policy;
    private final FailureTracker users;
    private final FailureTracker clients;
    private final Clock clock;
    private final Optional<SharedLoginFailures> shared;
    /** Users whose shared failures the last read found, to be cleared at their next success. */
    private final Cache<String, Boolean> usersWithSharedFailures;

    LoginThrottle(ThrottlePolicy policy, Clock clock, Optional<SharedLoginFailures> shared) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.users = new FailureTracker(policy.maxFailuresPerUser(), policy);
        this.clients = new FailureTracker(policy.maxFailuresPerClient(), policy);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.shared = Objects.requireNonNull(shared, "shared");
        this.usersWithSharedFailures = Caffeine.newBuilder().expireAfterWrite(policy.window())
                .maximumSize(policy.maxTrackedKeys()).build();
    }

    /**
     * Empty when the attempt may go ahead, and then exactly one of {@link #succeeded}, {@link #failed}
     * or {@link #abandoned} must follow; otherwise how long to wait.
     *
     * @param user the user's lookup key, or empty when the username is not even an address
     */
    Optional<Duration> admit(Optional<String> user, InetAddress client) {
        Optional<Duration> local = admitHere(user, clientKey(client));
        if (local.isPresent() || shared.isEmpty()) {
            return local;
        }
        Optional<Duration> elsewhere = sharedWait(user, clientKey(client));
        if (elsewhere.isPresent()) {
            abandoned(user, client);
        }
        return elsewhere;
    }

    private Optional<Duration> admitHere(Optional<String> user, String clientKey) {
        Optional<Duration> clientWait = clients.admit(clientKey, clock.instant());
        if (clientWait.isPresent() || user.isEmpty()) {
            return clientWait;
        }
        Optional<Duration> userWait = users.admit(user.get(), clock.instant());
        if (userWait.isPresent()) {
            clients.release(clientKey, clock.instant());
        }
        return userWait;
    }

    /** The wait the failures recorded by every instance impose; empty too when Cassandra does not answer. */
    private Optional<Duration> sharedWait(Optional<String> user, String clientKey) {
        Instant now = clock.instant();
        int limit = Math.max(policy.maxFailuresPerUser(), policy.maxFailuresPerClient());
        Optional<List<List<Instant>>> failures = shared.get().recentFailures(keys(user, clientKey), now, limit);
        if (failures.isEmpty()) {
            return Optional.empty();
        }
        Duration wait = overBudget(failures.get().get(0), policy.maxFailuresPerClient(), now);
        if (user.isPresent()) {
            List<Instant> userFailures = failures.get().get(1);
            if (!userFailures.isEmpty()) {
                usersWithSharedFailures.put(user.get(), Boolean.TRUE);
            }
            Duration userWait = overBudget(userFailures, policy.maxFailuresPerUser(), now);
            wait = userWait.compareTo(wait) > 0 ? userWait : wait;
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** With the budget spent, the wait until the oldest of the last {@code budget} failures leaves the window. */
    private Duration overBudget(List<Instant> newestFirst, int budget, Instant now) {
        if (newestFirst.size() < budget) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, newestFirst.get(budget - 1).plus(policy.window()));
        // Another instance's clock may run ahead of ours; the budget is spent all the same.
        return left.compareTo(FailureTracker.IN_FLIGHT_RETRY) < 0 ? FailureTracker.IN_FLIGHT_RETRY : left;
    }

    void succeeded(Optional<String> user, InetAddress client) {
        user.ifPresent(users::reset);
        clients.release(clientKey(client), clock.instant());
        if (shared.isPresent() && user.isPresent() && usersWithSharedFailures.asMap().remove(user.get()) != null) {
            shared.get().clear(USER + user.get());
        }
    }

    void failed(Optional<String> user, InetAddress client) {
        user.ifPresent(key -> users.failed(key, clock.instant()));
        clients.failed(clientKey(client), clock.instant());
        // Unrecorded when Cassandra does not answer: this instance's own counts still hold.
        shared.ifPresent(ledger -> ledger.failed(keys(user, clientKey(client))));
    }

    /** The shared keys of an attempt: the client's first, then the user's if there is one. */
    private static List<String> keys(Optional<String> user, String clientKey) {
        List<String> keys = new ArrayList<>(List.of(CLIENT + clientKey));
        user.ifPresent(key -> keys.add(USER + key));
        return keys;
    }

    /** The attempt proved nothing either way, e.g. the account store did not answer. */
    void abandoned(Optional<String> user, InetAddress client) {
        user.ifPresent(key -> users.release(key, clock.instant()));
        clients.release(clientKey(client), clock.instant());
    }

    int trackedUsers() {
        return users.size();
    }

    int trackedClients() {
        return clients.size();
    }

    /**
     * IPv6 clients are counted per /64: one subscriber is routinely given a whole /64 and could
     * otherwise use a fresh address for every guess.
     */
    static String clientKey(InetAddress client) {
        Objects.requireNonNull(client, "client");
        if (!(client instanceof Inet6Address)) {
            return client.getHostAddress();
        }
        byte[] prefix = Arrays.copyOf(client.getAddress(), 16);
        Arrays.fill(prefix, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always a valid IPv6 address", e);
        }
    }
}
