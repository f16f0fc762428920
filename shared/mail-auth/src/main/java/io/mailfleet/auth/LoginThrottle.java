package io.mailfleet.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Locks out users and clients after repeated failed logins ({@link ThrottlePolicy}).
 *
 * <p>The state lives in this JVM only, so each instance throttles on its own and a restart
 * forgets it: an attacker spread over n instances gets n times the budget. Sharing the counts
 * between instances is later work.
 *
 * <p>A success clears the user's failures but not the client's: otherwise an attacker could log
 * in to an account of their own between guesses at others from the same address.
 */
final class LoginThrottle {

    private final FailureTracker users;
    private final FailureTracker clients;
    private final Clock clock;

    LoginThrottle(ThrottlePolicy policy, Clock clock) {
        this.users = new FailureTracker(policy.maxFailuresPerUser(), policy);
        this.clients = new FailureTracker(policy.maxFailuresPerClient(), policy);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Empty when the attempt may go ahead, and then exactly one of {@link #succeeded}, {@link #failed}
     * or {@link #abandoned} must follow; otherwise how long to wait.
     *
     * @param user the user's lookup key, or empty when the username is not even an address
     */
    Optional<Duration> admit(Optional<String> user, InetAddress client) {
        String clientKey = clientKey(client);
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

    void succeeded(Optional<String> user, InetAddress client) {
        user.ifPresent(users::reset);
        clients.release(clientKey(client), clock.instant());
    }

    void failed(Optional<String> user, InetAddress client) {
        user.ifPresent(key -> users.failed(key, clock.instant()));
        clients.failed(clientKey(client), clock.instant());
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
