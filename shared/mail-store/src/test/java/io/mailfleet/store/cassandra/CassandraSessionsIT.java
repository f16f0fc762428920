package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session keeps the schema of its own keyspace only: the driver reads what it keeps again after every
 * DDL statement, so keeping every keyspace of a cluster slowed each migration by all the others.
 */
@ExtendWith(RealInfrastructureExtension.class)
class CassandraSessionsIT {

    @Test
    void aSessionKnowsTheSchemaOfItsOwnKeyspaceAndNoOther(Infrastructure servers) {
        CassandraConfig config = StoreSessions.config(servers, StoreSessions.KEYSPACE);
        StoreSessions.shared(servers).execute("CREATE KEYSPACE IF NOT EXISTS sessions_it_other WITH replication = "
                + config.replication());

        try (CqlSession session = CassandraSessions.open(config)) {
            assertThat(session.getMetadata().getKeyspaces().keySet()).extracting(CqlIdentifier::asInternal)
                    .containsExactly(StoreSessions.KEYSPACE);
            assertThat(session.getMetadata().getKeyspace(StoreSessions.KEYSPACE).orElseThrow().getTables()).isNotEmpty();
        }
    }
}
