package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Versioned schema migrations, applied in order at start and recorded in {@code schema_migrations}.
 * Every statement is idempotent ({@code IF NOT EXISTS}). When several instances start at once, a
 * lease row taken with a lightweight transaction lets one of them apply the migrations while the
 * others wait for it: concurrent DDL on the same table can leave nodes disagreeing on the schema.
 */
public final class SchemaMigrations {

    /** The migrations, in order; a file is never edited once released, only followed by a new one. */
    static final List<String> FILES = List.of("001-accounts.cql", "002-mailboxes.cql", "003-deliveries.cql",
            "004-leases.cql", "005-mailbox-tree.cql", "006-message-logs.cql",
            "007-blob-collection.cql", "008-uid-blocks.cql", "009-login-failures.cql",
            "010-first-copies.cql", "011-previews-and-save-dates.cql", "012-flag-blocks.cql",
            "013-search-texts.cql", "014-flag-block-unseen.cql", "015-sort-fields.cql",
            "016-text-signatures.cql", "017-thread-facts-and-content-signatures.cql", "018-sort-date-blocks.cql",
            "019-first-copy-claims.cql", "020-lease-releases.cql", "021-sort-date-cells.cql",
            "022-move-marks.cql");

    /** How long one instance may hold the migrations before another may take them over: one run of them ends within it. */
    static final Duration LEASE = Duration.ofSeconds(120);
    private static final Duration WAIT_FOR_OTHERS = Duration.ofSeconds(180);
    private static final System.Logger LOG = System.getLogger(SchemaMigrations.class.getName());

    private SchemaMigrations() {
    }

    static void apply(CqlSession session, CassandraConfig config) {
        String keyspace = config.keyspace();
        long started = System.nanoTime();
        ddl(session, "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + config.replication());
        ddl(session, "CREATE TABLE IF NOT EXISTS " + keyspace
                + ".schema_migrations (version int PRIMARY KEY, name text, applied_at timestamp)");
        ddl(session, "CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_lease (name text PRIMARY KEY, owner uuid)");

        UUID owner = UUID.randomUUID();
        long deadline = System.nanoTime() + WAIT_FOR_OTHERS.toNanos();
        while (!applied(session, keyspace).containsAll(versions())) {
            if (takeLease(session, keyspace, owner)) {
                try {
                    int statements = applyPending(session, keyspace);
                    // A keyspace's set-up is one of the slowest steps of a start and of a test run: say what it cost.
                    LOG.log(System.Logger.Level.INFO, String.format("keyspace %s migrated: %d DDL statements in %.1f s",
                            keyspace, statements + 3, (System.nanoTime() - started) / 1e9));
                } finally {
                    session.execute("DELETE FROM " + keyspace + ".schema_lease WHERE name = 'migrations' IF owner = ?", owner);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("schema migrations of " + keyspace + " held by another instance for over "
                        + WAIT_FOR_OTHERS.toSeconds() + " s");
            }
            pause();
        }
    }

    /** Applies the migrations not recorded yet; returns how many DDL statements that took. */
    private static int applyPending(CqlSession session, String keyspace) {
        Set<Integer> done = applied(session, keyspace);
        int statements = 0;
        for (String file : FILES) {
            int version = version(file);
            if (done.contains(version)) {
                continue;
            }
            for (String statement : statements(read(file))) {
                ddl(session, SimpleStatement.newInstance(statement).setKeyspace(keyspace));
                statements++;
            }
            session.execute("INSERT INTO " + keyspace + ".schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    version, file, Instant.now());
        }
        return statements;
    }

    private static boolean takeLease(CqlSession session, String keyspace, UUID owner) {
        return session.execute(SimpleStatement.newInstance("INSERT INTO " + keyspace
                + ".schema_lease (name, owner) VALUES ('migrations', ?) IF NOT EXISTS USING TTL " + LEASE.toSeconds(), owner))
                .wasApplied();
    }

    private static Set<Integer> applied(CqlSession session, String keyspace) {
        Set<Integer> versions = new HashSet<>();
        for (Row row : session.execute("SELECT version FROM " + keyspace + ".schema_migrations")) {
            versions.add(row.getInt("version"));
        }
        return versions;
    }

    private static List<Integer> versions() {
        return FILES.stream().map(SchemaMigrations::version).toList();
    }

    private static int version(String file) {
        return Integer.parseInt(file.substring(0, file.indexOf('-')));
    }

    private static void ddl(CqlSession session, String cql) {
        ddl(session, SimpleStatement.newInstance(cql));
    }

    /** DDL can take longer than a query, and the next statement must see its result on every node. */
    private static void ddl(CqlSession session, SimpleStatement statement) {
        session.execute(statement.setTimeout(Duration.ofSeconds(30)));
        session.checkSchemaAgreement();
    }

    /** The statements of a migration file: {@code --} comments dropped, split at semicolons. */
    static List<String> statements(String cql) {
        String withoutComments = cql.lines()
                .map(line -> line.replaceFirst("--.*$", ""))
                .reduce("", (a, b) -> a + b + "\n");
        return Arrays.stream(withoutComments.split(";"))
                .map(String::trim)
                .filter(statement -> !statement.isEmpty())
                .toList();
    }

    private static String read(String file) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream("migrations/" + file)) {
            if (in == null) {
                throw new IllegalStateException("migration " + file + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for schema migrations", e);
        }
    }
}
