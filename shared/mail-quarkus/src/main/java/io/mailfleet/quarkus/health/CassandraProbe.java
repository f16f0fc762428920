package io.mailfleet.quarkus.health;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;

import java.util.function.Supplier;

/**
 * Cassandra answers when it reads its own release version. The query is prepared on the first round
 * that reaches Cassandra and its bound statement kept, so a probe every second costs one execution,
 * not a parse of the CQL text by the driver and the server each time. Preparing inside the probe
 * keeps startup free of Cassandra: while it is down the round fails (readiness reads DOWN) and the
 * next round tries again, and a new session (the service reconnected) is prepared anew.
 */
public final class CassandraProbe implements BackendProbes.Probe {

    static final String QUERY = "SELECT release_version FROM system.local";

    /** The statement bound on the session it was prepared on. */
    private record Prepared(CqlSession session, BoundStatement statement) {
    }

    private final Supplier<CqlSession> session;
    private volatile Prepared prepared;

    /** @param session the service's session, connecting if needed; it throws while Cassandra cannot be reached */
    public CassandraProbe(Supplier<CqlSession> session) {
        this.session = session;
    }

    @Override
    public void run() {
        CqlSession current = session.get();
        Prepared made = prepared;
        if (made == null || made.session() != current) {
            made = new Prepared(current, current.prepare(QUERY).bind());
            prepared = made;
        }
        current.execute(made.statement());
    }
}
