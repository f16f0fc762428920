package io.mailfleet.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RealInfrastructureExtension.class)
class CassandraServerIT {

    @Test
    void aWrittenRowIsReadBack(Infrastructure servers) {
        CassandraEndpoint cassandra = servers.cassandra();
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(cassandra.contactPoint())
                .withLocalDatacenter(cassandra.localDatacenter())
                // A schema change takes longer than the driver's default 2 s on a loaded machine (a build timed out so).
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30)).build())
                .build()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS harness_it WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS harness_it.notes (id uuid PRIMARY KEY, body text)");
            UUID id = UUID.randomUUID();
            session.execute("INSERT INTO harness_it.notes (id, body) VALUES (?, ?)", id, "hello cassandra");

            Row row = session.execute("SELECT body FROM harness_it.notes WHERE id = ?", id).one();

            assertThat(row).isNotNull();
            assertThat(row.getString("body")).isEqualTo("hello cassandra");
            assertThat(session.getMetadata().getNodes()).hasSize(1);
        }
    }
}
