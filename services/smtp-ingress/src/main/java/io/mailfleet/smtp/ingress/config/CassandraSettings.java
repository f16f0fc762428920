package io.mailfleet.smtp.ingress.config;

import io.mailfleet.store.cassandra.CassandraConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.InetSocketAddress;
import java.time.Duration;

/** {@code mailfleet.cassandra.*}, also settable as {@code MAILFLEET_CASSANDRA_*} environment variables. */
@ConfigMapping(prefix = "mailfleet.cassandra")
public interface CassandraSettings {

    /** {@code host:port} of a contact point. */
    @WithDefault("127.0.0.1:9042")
    String contactPoint();

    @WithDefault("datacenter1")
    String localDatacenter();

    @WithDefault("mailfleet")
    String keyspace();

    /** The keyspace's CQL replication map, used when the keyspace is created. */
    @WithDefault(CassandraConfig.SINGLE_NODE_REPLICATION)
    String replication();

    @WithDefault("5s")
    Duration requestTimeout();

    default CassandraConfig toConfig() {
        int colon = contactPoint().lastIndexOf(':');
        InetSocketAddress address = colon < 0
                ? new InetSocketAddress(contactPoint(), 9042)
                : new InetSocketAddress(contactPoint().substring(0, colon), Integer.parseInt(contactPoint().substring(colon + 1)));
        return new CassandraConfig(address, localDatacenter(), keyspace(), replication(), requestTimeout());
    }
}
