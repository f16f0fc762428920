package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.store.lease.Lease;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight sessions of one account, each on a driver session of its own as on separate gateway
 * instances, ask for its maildrop at the same moment: exactly one gets it. Several rounds, the
 * winner releasing between them, so that each round races to replace a released holder.
 */
@ExtendWith(RealInfrastructureExtension.class)
class ConcurrentMaildropLeasesIT {

    private static final int CONTENDERS = 8;
    private static final int ROUNDS = 5;
    private static final Duration TTL = Duration.ofSeconds(60);

    @Test
    void exactlyOneOfRacingSessionsGetsTheMaildrop(Infrastructure servers) throws Exception {
        StoreSessions.shared(servers);
        String account = "race-" + UUID.randomUUID() + "@example.test";
        List<CqlSession> sessions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
        try {
            List<CassandraMaildropLeases> contenders = new ArrayList<>();
            for (int i = 0; i < CONTENDERS; i++) {
                CqlSession session = CassandraSessions.open(StoreSessions.config(servers, StoreSessions.KEYSPACE));
                sessions.add(session);
                contenders.add(new CassandraMaildropLeases(session));
            }
            for (int round = 1; round <= ROUNDS; round++) {
                CyclicBarrier start = new CyclicBarrier(CONTENDERS);
                List<Future<Optional<Lease>>> attempts = new ArrayList<>();
                for (CassandraMaildropLeases leases : contenders) {
                    attempts.add(pool.submit(() -> {
                        start.await(1, TimeUnit.MINUTES);
                        return leases.acquire(account, TTL);
                    }));
                }
                List<Lease> winners = new ArrayList<>();
                for (Future<Optional<Lease>> attempt : attempts) {
                    attempt.get(2, TimeUnit.MINUTES).ifPresent(winners::add);
                }

                assertThat(winners).as("winners of round %d", round).hasSize(1);
                Lease winner = winners.get(0);
                CassandraMaildropLeases other = contenders.get(round % CONTENDERS);
                assertThat(other.acquire(account, TTL)).as("after round %d", round).isEmpty();
                assertThat(other.renew(winner, TTL)).as("the winner's lease, renewed from another instance").isTrue();
                other.release(winner, TTL);
            }
        } finally {
            pool.shutdownNow();
            sessions.forEach(CqlSession::close);
        }
    }

    /**
     * Each take removes the mark of the released holder it replaces, so a busy account's row stays small. Not
     * always: the release's plain write carries the client's timestamp and the take's removal its Paxos ballot's,
     * so a removal that comes out older than the mark it removes leaves that mark until its time to live (seen once
     * in twenty rounds; harmless, the holder it names has ended). Without the removal the row would keep all twenty.
     */
    @Test
    void sessionAfterSessionLeavesOneReleasedHolderInTheRow(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMaildropLeases leases = new CassandraMaildropLeases(session);
        String account = "polling-" + UUID.randomUUID() + "@example.test";

        Lease last = null;
        for (int i = 0; i < 20; i++) {
            last = leases.acquire(account, TTL).orElseThrow(() -> new AssertionError("a released maildrop was not free"));
            leases.release(last, TTL);
        }

        Row row = session.execute("SELECT holder, released FROM maildrop_leases WHERE account = ?", account).one();
        assertThat(row.getUuid("holder")).isEqualTo(last.holder());
        assertThat(row.getSet("released", UUID.class)).contains(last.holder()).hasSizeLessThanOrEqualTo(5);
    }
}
