package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.mailfleet.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Repositories prepare their statements when built: a Cassandra that does not answer then is an outage, a bad statement a bug. */
class PreparingTest {

    @Test
    void noNodeAnsweringWhileStatementsArePreparedIsAnOutage() {
        assertThatThrownBy(() -> CassandraSessions.preparing("preparing statements", () -> {
            throw new NoNodeAvailableException();
        })).isInstanceOf(StoreUnavailableException.class).hasCauseInstanceOf(NoNodeAvailableException.class);
    }

    @Test
    void aStatementCassandraRejectsStaysABug() {
        assertThatThrownBy(() -> CassandraSessions.preparing("preparing statements", () -> {
            throw new InvalidQueryException(null, "unconfigured table messsages");
        })).isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void whatWasBuiltIsHandedBack() {
        assertThat(CassandraSessions.preparing("preparing statements", () -> "repositories")).isEqualTo("repositories");
    }
}
