package io.mailfleet.delivery.relay.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How the pool keeps connections for reuse.
 *
 * @param maxIdlePerDestination idle connections kept per destination; more are closed
 * @param idleTimeout how long a connection may sit idle; shorter than the five minutes servers
 *     wait for a command (RFC 5321 §4.5.3.2.7), so that we, not they, end it
 * @param maxTransactionsPerConnection transactions on one connection before it is closed, so that
 *     no connection lives for ever and load spreads over a server's addresses
 */
public record PoolSettings(int maxIdlePerDestination, Duration idleTimeout, int maxTransactionsPerConnection) {

    public PoolSettings {
        if (maxIdlePerDestination < 0) {
            throw new IllegalArgumentException("maxIdlePerDestination must not be negative");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (maxTransactionsPerConnection < 1) {
            throw new IllegalArgumentException("maxTransactionsPerConnection must be at least 1");
        }
    }

    /** Two idle connections per destination for 30 s, 100 transactions each. */
    public static PoolSettings defaults() {
        return new PoolSettings(2, Duration.ofSeconds(30), 100);
    }
}
