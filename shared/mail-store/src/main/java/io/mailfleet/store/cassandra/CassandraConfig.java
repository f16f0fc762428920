package io.mailfleet.store.cassandra;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Cassandra and lay out the keyspace.
 *
 * @param replication the keyspace's CQL replication map, e.g.
 *                    {@code {'class': 'NetworkTopologyStrategy', 'dc1': 3}} in production
 * @param requestTimeout the longest one request may take, retries included: with a frozen node a
 *                    client's temporary error comes this soon
 */
public record CassandraConfig(InetSocketAddress contactPoint, String localDatacenter, String keyspace,
                              String replication, Duration requestTimeout) {

    public static final String SINGLE_NODE_REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";

    public CassandraConfig {
        Objects.requireNonNull(contactPoint, "contactPoint");
        Objects.requireNonNull(localDatacenter, "localDatacenter");
        if (keyspace == null || !keyspace.matches("[a-zA-Z][a-zA-Z0-9_]{0,47}")) {
            throw new IllegalArgumentException("keyspace must be a CQL identifier of at most 48 characters: " + keyspace);
        }
        Objects.requireNonNull(replication, "replication");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** A contact point written {@code host:port}, or {@code host} for the default port 9042. */
    public static InetSocketAddress contactPoint(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0) {
            return new InetSocketAddress(hostAndPort, 9042);
        }
        return new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }

    public static CassandraConfig singleNode(InetSocketAddress contactPoint, String localDatacenter, String keyspace) {
        return new CassandraConfig(contactPoint, localDatacenter, keyspace, SINGLE_NODE_REPLICATION, Duration.ofSeconds(5));
    }
}
