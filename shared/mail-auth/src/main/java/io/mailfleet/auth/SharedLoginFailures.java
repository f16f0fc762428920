package io.mailfleet.auth;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Failed logins recorded in Cassandra's {@code login_failures} table, so that every instance counts the
 * guesses made on all of them: without it, n instances would give an attacker n times the budget.
 * Each failure is a row with the throttle's window as its time to live; the keys of one attempt
 * (its user and its client) are read in one request, as every login reads them, and written in
 * parallel, one round trip each way.
 *
 * <p>When Cassandra does not answer, the caller falls back on its own counts: a login needs the
 * account store anyway, and refusing everyone because the throttle cannot count would be worse.
 */
public final class SharedLoginFailures {

    private final CqlSession session;
    private final Duration window;
    private final PreparedStatement recent;
    private final PreparedStatement insert;
    private final PreparedStatement clear;

    public SharedLoginFailures(CqlSession session, Duration window) {
        this.session = Objects.requireNonNull(session, "session");
        this.window = Objects.requireNonNull(window, "window");
        this.recent = session.prepare("SELECT key, failed_at FROM login_failures WHERE key IN ? AND failed_at > minTimeuuid(?)"
                + " PER PARTITION LIMIT ?");
        this.insert = session.prepare("INSERT INTO login_failures (key, failed_at) VALUES (?, ?) USING TTL ?");
        this.clear = session.prepare("DELETE FROM login_failures WHERE key = ?");
    }

    /**
     * For each key, the times of its latest failures within the window, newest first, at most
     * {@code limit} of them; empty when Cassandra did not answer.
     */
    Optional<List<List<Instant>>> recentFailures(List<String> keys, Instant now, int limit) {
        Map<String, List<Instant>> byKey = new LinkedHashMap<>();
        keys.forEach(key -> byKey.put(key, new ArrayList<>()));
        CompletableFuture<AsyncResultSet> read = session.executeAsync(recent.bind(List.copyOf(byKey.keySet()), now.minus(window), limit))
                .toCompletableFuture();
        return await(List.of(read)).map(done -> {
            // Partitions come in token order, each one's rows newest first; PER PARTITION LIMIT keeps them within the first page.
            for (Row row : read.join().currentPage()) {
                byKey.get(row.getString("key")).add(Instant.ofEpochMilli(Uuids.unixTimestamp(row.getUuid("failed_at"))));
            }
            return keys.stream().map(byKey::get).toList();
        });
    }

    /** Records one failure under each key; false when Cassandra did not take them. */
    boolean failed(List<String> keys) {
        int ttl = (int) Math.max(1, window.toSeconds());
        List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>();
        for (String key : keys) {
            writes.add(session.executeAsync(insert.bind(key, Uuids.timeBased(), ttl)).toCompletableFuture());
        }
        return await(writes).isPresent();
    }

    /** Forgets a key's failures, after a successful login for it. */
    boolean clear(String key) {
        return await(List.of(session.executeAsync(clear.bind(key)).toCompletableFuture())).isPresent();
    }

    private static <T> Optional<List<CompletableFuture<T>>> await(List<CompletableFuture<T>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            return Optional.of(futures);
        } catch (CompletionException e) {
            if (e.getCause() instanceof DriverException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
