package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.store.lease.Lease;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A take on the instance that released the account's last holder goes by what it released, without reading the
 * row first; when that holder was replaced meanwhile on another instance, the refused round's answer says what is
 * there, again without a read. Counted by Cassandra itself (its reads of {@code maildrop_leases}); each instance
 * is its own {@link CassandraMaildropLeases}, as on separate gateways.
 */
@ExtendWith(RealInfrastructureExtension.class)
class MaildropLeaseReadsIT {

    private static final Duration TTL = Duration.ofSeconds(60);

    @Test
    void theNextTakeOnTheReleasingInstanceReadsNoRow(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMaildropLeases here = new CassandraMaildropLeases(session);
        String account = account();
        here.release(here.acquire(account, TTL).orElseThrow(), TTL);

        long before = leaseReads(session);
        Lease next = here.acquire(account, TTL).orElseThrow();

        assertThat(leaseReads(session) - before).as("reads of the row").isZero();
        assertThat(new CassandraMaildropLeases(session).acquire(account, TTL)).as("from another instance").isEmpty();
        assertThat(here.renew(next, TTL)).isTrue();
    }

    @Test
    void aHolderTakenElsewhereSinceIsSeenInTheRefusal(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMaildropLeases here = new CassandraMaildropLeases(session);
        CassandraMaildropLeases elsewhere = new CassandraMaildropLeases(session);
        String account = account();
        here.release(here.acquire(account, TTL).orElseThrow(), TTL);
        Lease held = elsewhere.acquire(account, TTL).orElseThrow();

        long before = leaseReads(session);
        Optional<Lease> refused = here.acquire(account, TTL);

        assertThat(refused).as("the maildrop another instance holds").isEmpty();
        assertThat(leaseReads(session) - before).as("reads of the row").isZero();
        assertThat(elsewhere.renew(held, TTL)).isTrue();
    }

    @Test
    void aHolderReleasedElsewhereSinceIsReplacedAfterTheRefusal(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMaildropLeases here = new CassandraMaildropLeases(session);
        CassandraMaildropLeases elsewhere = new CassandraMaildropLeases(session);
        String account = account();
        here.release(here.acquire(account, TTL).orElseThrow(), TTL);
        Lease between = elsewhere.acquire(account, TTL).orElseThrow();
        elsewhere.release(between, TTL);

        long before = leaseReads(session);
        Lease taken = here.acquire(account, TTL).orElseThrow();

        assertThat(leaseReads(session) - before).as("reads of the row").isZero();
        assertThat(elsewhere.renew(between, TTL)).as("the lease released elsewhere").isFalse();
        assertThat(elsewhere.acquire(account, TTL)).isEmpty();
        assertThat(here.renew(taken, TTL)).isTrue();
    }

    private static String account() {
        return "lease-reads-" + UUID.randomUUID() + "@example.test";
    }

    /** The reads of maildrop_leases Cassandra coordinated so far (its own count, as the benchmarks read it). */
    private static long leaseReads(CqlSession session) {
        Row row = session.execute("SELECT count FROM system_views.coordinator_read_latency"
                + " WHERE keyspace_name = ? AND table_name = 'maildrop_leases'", StoreSessions.KEYSPACE).one();
        return row == null ? 0 : row.getLong("count");
    }
}
