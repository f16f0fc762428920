package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import io.mailfleet.testing.Infrastructure;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The queries of the requests a session sent, a batch as one, for tests of how many requests a read or change costs. */
final class CountedRequests implements RequestTracker {

    final Queue<String> queries = new ConcurrentLinkedQueue<>();

    /** A session of its own on the test keyspace, whose requests {@code requests} records. */
    static CqlSession session(Infrastructure servers, CountedRequests requests) {
        StoreSessions.shared(servers);
        CassandraConfig config = StoreSessions.config(servers, StoreSessions.KEYSPACE);
        return CqlSession.builder().addContactPoint(config.contactPoint())
                .withLocalDatacenter(config.localDatacenter()).withKeyspace(config.keyspace())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM").build())
                .addRequestTracker(requests).build();
    }

    /**
     * The queries recorded once no other came for a moment: the driver tells a tracker of a request after it hands
     * the request's result over, so the last request of a read may be recorded just after the read returned.
     */
    List<String> settled() {
        int seen = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (queries.size() != seen && System.nanoTime() < deadline) {
            seen = queries.size();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(queries);
    }

    /** Forgets what was recorded, once the requests made so far are. */
    void reset() {
        settled();
        queries.clear();
    }

    @Override
    public void onSuccess(Request request, long latencyNanos, DriverExecutionProfile profile, Node node, String prefix) {
        queries.add(request instanceof BoundStatement bound ? bound.getPreparedStatement().getQuery() : request.toString());
    }

    @Override
    public void onError(Request request, Throwable error, long latencyNanos, DriverExecutionProfile profile, Node node,
                        String prefix) {
        onSuccess(request, latencyNanos, profile, node, prefix);
    }

    @Override
    public void close() {
    }
}
