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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Failed logins recorded in Cassandra's {@code login_failures} table, so that every instance counts the
 * guesses made on all of them: without it, n instances would give an attacker n times the budget.
 * Each failure is a row with the throttle's window as its time to live; the keys of one attempt
 * (its user and its client) are read and written in parallel, one round trip each way.
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
        this.recent = session.prepare(
                "SELECT failed_at FROM login_failures WHERE key = ? AND failed_at > minTimeuuid(?) LIMIT ?");
        this.insert = session.prepare("INSERT INTO login_failures (key, failed_at) VALUES (?, ?) USING TTL ?");
        this.clear = session.prepare("DELETE FROM login_failures WHERE key = ?");
    }

    /**
     * For each key, the times of its latest failures within the window, newest first, at most
     * {@code limit} of them; empty when Cassandra did not answer.
     */
    Optional<List<List<Instant>>> recentFailures(List<String> keys, Instant now, int limit) {
        List<CompletableFuture<List<Instant>>> reads = new ArrayList<>();
        for (String key : keys) {
            reads.add(session.executeAsync(recent.bind(key, now.minus(window), limit))
                    .thenCompose(SharedLoginFailures::times).toCompletableFuture());
        }
        return await(reads).map(done -> done.stream().map(CompletableFuture::join).toList());
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

    private static CompletionStage<List<Instant>> times(AsyncResultSet page) {
        List<Instant> times = new ArrayList<>();
        for (Row row : page.currentPage()) {
            times.add(Instant.ofEpochMilli(Uuids.unixTimestamp(row.getUuid("failed_at"))));
        }
        // The LIMIT keeps every answer within its first page.
        return CompletableFuture.completedFuture(times);
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
