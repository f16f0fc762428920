package io.mailfleet.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * When failed logins lock a user or a client out.
 *
 * <p>After {@code maxFailuresPerUser} failures for one user, or {@code maxFailuresPerClient} from one
 * client, within {@code window}, that user or client is refused without a password check for
 * {@code firstLockout}; each further lockout doubles, up to {@code maxLockout}, until a whole
 * {@code window} passes without a failure. Users and clients are each tracked up to
 * {@code maxTrackedKeys} at a time; beyond that the key untouched for longest is forgotten.
 *
 * <p>Attempts still being checked count against these budgets, so that parallel connections cannot
 * outrun a lockout; the price is that more simultaneous logins than the budget for one user (or
 * from one client) are asked to retry a second later.
 */
public record ThrottlePolicy(
        int maxFailuresPerUser,
        int maxFailuresPerClient,
        Duration window,
        Duration firstLockout,
        Duration maxLockout,
        int maxTrackedKeys) {

    /**
     * 5 guesses per user and 20 per client in 15 minutes, then 1, 2, 4, 8, 15, 15… minutes of
     * lockout. 100,000 tracked keys cost about 20 MB per kind in the worst case.
     */
    public static final ThrottlePolicy DEFAULT = new ThrottlePolicy(
            5, 20, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(15), 100_000);

    public ThrottlePolicy {
        requirePositive("maxFailuresPerUser", maxFailuresPerUser);
        requirePositive("maxFailuresPerClient", maxFailuresPerClient);
        requirePositive("maxTrackedKeys", maxTrackedKeys);
        requirePositive("window", window);
        requirePositive("firstLockout", firstLockout);
        requirePositive("maxLockout", maxLockout);
        if (firstLockout.compareTo(maxLockout) > 0) {
            throw new IllegalArgumentException("firstLockout " + firstLockout + " exceeds maxLockout " + maxLockout);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, is " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, is " + value);
        }
    }
}
