package io.mailfleet.delivery.relay.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link MxResolver} asks DNS.
 *
 * @param servers  the recursive resolvers to ask, tried in turn when one does not answer
 * @param timeout  how long to wait for one answer from one server
 * @param attempts how many times each server is asked one question before it counts as failed, the
 *                 first time included
 * @param families which address families to deliver over, and in which order
 */
public record MxResolverSettings(List<InetSocketAddress> servers, Duration timeout, int attempts,
                                 AddressFamilies families) {

    public MxResolverSettings {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no DNS servers");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        Objects.requireNonNull(families, "families");
    }
}
