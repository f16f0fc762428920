package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.DriverException;
import io.mailfleet.store.StoreUnavailableException;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/** Opens driver sessions with mailfleet's settings and brings the schema up to date. */
public final class CassandraSessions {

    /** How long a closing session's event loops must be idle before they stop. */
    private static final int CLOSE_QUIET_PERIOD_MS = 250;
    /** How long they may take to stop at most: the driver's own 15 s. */
    private static final int CLOSE_TIMEOUT_MS = 15_000;

    private CassandraSessions() {
    }

    /** A session on the keyspace, after creating the keyspace and applying pending migrations. */
    public static CqlSession openMigrated(CassandraConfig config) {
        try (CqlSession admin = open(config, false)) {
            SchemaMigrations.apply(admin, config);
        }
        return open(config, true);
    }

    /**
     * Builds what prepares its statements on a session, as the repositories do in their constructors.
     * Preparing is a request like any other: while Cassandra does not answer, the build fails as an
     * outage ({@link StoreUnavailableException}) and can be tried again, not with the driver's own
     * exception, which callers would take for a bug.
     */
    public static <T> T preparing(String what, Supplier<T> build) {
        return Cql.call(what, build);
    }

    /**
     * {@link #openMigrated(CassandraConfig)} and, on the new session, what prepares its statements
     * there (repositories); if preparing fails, the session is closed again and the failure is an
     * outage, as with {@link #preparing}.
     */
    public static <T> T openMigrated(CassandraConfig config, Function<CqlSession, T> build) {
        CqlSession session = openMigrated(config);
        try {
            return preparing("preparing statements", () -> build.apply(session));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** A session on the keyspace, which must exist already. */
    public static CqlSession open(CassandraConfig config) {
        return open(config, true);
    }

    private static CqlSession open(CassandraConfig config, boolean onKeyspace) {
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, config.requestTimeout())
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
                .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, "LOCAL_SERIAL")
                // Schema changes are rare and we wait for them: refresh metadata at once, not after 1 s.
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(1))
                // The driver reads the schema again after every DDL statement, by default that of every keyspace
                // in the cluster: a migration on a cluster of many keyspaces (a build's tests make dozens) read them
                // all 40 times. Only the keyspace in use is read, filtered by the server (an exact name, unquoted
                // identifiers being lower case); the session that migrates reads none and checks agreement itself.
                .withStringList(DefaultDriverOption.METADATA_SCHEMA_REFRESHED_KEYSPACES,
                        List.of(config.keyspace().toLowerCase(Locale.ROOT)))
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, onKeyspace)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, config.requestTimeout())
                // A node back from an outage is used again within seconds, not after a minute's backoff.
                .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(4))
                // Closing waits for the driver's event loops to stay idle this long (2 s by default), though a
                // closed session submits them nothing more: every start (whose migration session is closed at
                // once) and every stop of an instance waited it out. Not zero: the loops would then stop while
                // the closing thread may still be adding a listener to its close task, and Netty logs an error.
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, CLOSE_QUIET_PERIOD_MS)
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_TIMEOUT, CLOSE_TIMEOUT_MS)
                .withString(DefaultDriverOption.NETTY_IO_SHUTDOWN_UNIT, "MILLISECONDS")
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, CLOSE_QUIET_PERIOD_MS)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_TIMEOUT, CLOSE_TIMEOUT_MS)
                .withString(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_UNIT, "MILLISECONDS")
                .build();
        var builder = CqlSession.builder()
                .addContactPoint(config.contactPoint())
                .withLocalDatacenter(config.localDatacenter())
                .withConfigLoader(loader);
        if (onKeyspace) {
            builder.withKeyspace(config.keyspace());
        }
        try {
            return builder.build();
        } catch (DriverException e) {
            throw new StoreUnavailableException("cannot connect to Cassandra at " + config.contactPoint(), e);
        }
    }
}
