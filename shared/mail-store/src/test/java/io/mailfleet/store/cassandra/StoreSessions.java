package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.testing.Infrastructure;

/** One migrated keyspace on the harness's Cassandra, shared by the integration tests of a run. */
final class StoreSessions {

    static final String KEYSPACE = "mailfleet_it";
    private static CqlSession shared;

    private StoreSessions() {
    }

    static synchronized CqlSession shared(Infrastructure servers) {
        if (shared == null) {
            shared = CassandraSessions.openMigrated(config(servers, KEYSPACE));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    static CassandraConfig config(Infrastructure servers, String keyspace) {
        return CassandraConfig.singleNode(servers.cassandra().contactPoint(), servers.cassandra().localDatacenter(), keyspace);
    }
}
