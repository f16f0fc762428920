package io.mailfleet.quarkus.config;

import io.mailfleet.store.cassandra.CassandraConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
        return new CassandraConfig(CassandraConfig.contactPoint(contactPoint()), localDatacenter(), keyspace(), replication(),
                requestTimeout());
    }
}
