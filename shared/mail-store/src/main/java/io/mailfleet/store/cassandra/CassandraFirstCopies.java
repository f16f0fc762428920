package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which message first brought some content to a recipient, in {@code first_copies}: a claim taken
 * with a lightweight transaction, so that of two messages with the same content handled at once on
 * different workers exactly one holds it. A claim lasts its window (its time to live) from the
 * moment it was taken. Local accounts are claimed in their INBOX's partition since migration 019
 * (mail-store {@code FirstCopyClaim}); in a store upgraded from workers that claimed them here, they
 * are claimed here too for a window after it ({@link #olderClaimsUntil}).
 */
public final class CassandraFirstCopies {

    private final CqlSession session;
    private final PreparedStatement claim;

    public CassandraFirstCopies(CqlSession session) {
        this.session = session;
        this.claim = session.prepare(
                "INSERT INTO first_copies (digest, recipient, message_id) VALUES (?, ?, ?) IF NOT EXISTS USING TTL ?");
    }

    /**
     * Until when local accounts must still be claimed here, where workers from before migration 019 claim them and
     * look for the claims of others: one {@code window} after that migration was applied, assuming those workers were
     * replaced within that window, whose last claims have expired by then. Empty when no such worker can have claimed here: {@code first_copies}
     * came with migration 010, and a store that got 010 and 019 in one run of the migrations (a new store, or one
     * upgraded from a version without 010) never had a worker that claimed local accounts here.
     */
    public Optional<Instant> olderClaimsUntil(Duration window) {
        Map<Integer, Instant> applied = new HashMap<>();
        Cql.run("read schema migrations", () -> session.execute("SELECT version, applied_at FROM schema_migrations WHERE version IN (10, 19)")
                .forEach(row -> applied.put(row.getInt("version"), row.getInstant("applied_at"))));
        Instant firstCopies = applied.get(10);
        Instant claimsInMailboxes = applied.get(19);
        if (firstCopies == null || claimsInMailboxes == null
                || !firstCopies.plus(SchemaMigrations.LEASE).isBefore(claimsInMailboxes)) {
            return Optional.empty();
        }
        return Optional.of(claimsInMailboxes.plus(window));
    }

    /**
     * Claims {@code digest} for {@code recipient} on behalf of {@code messageId}, unless a claim of
     * the window exists: returns the message id holding the claim, {@code messageId} itself when it
     * took it now or had taken it before.
     */
    public String claim(byte[] digest, String recipient, String messageId, Duration window) {
        return Cql.call("claim first copy", () -> {
            Row row = session.execute(claim.bind(ByteBuffer.wrap(digest), recipient, messageId,
                    (int) Math.max(1, window.toSeconds()))).one();
            return row.getBoolean("[applied]") ? messageId : row.getString("message_id");
        });
    }
}
