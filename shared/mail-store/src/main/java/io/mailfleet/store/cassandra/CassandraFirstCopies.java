package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Which message first brought some content to a recipient, in {@code first_copies}: a claim taken
 * with a lightweight transaction, so that of two messages with the same content handled at once on
 * different workers exactly one holds it. A claim lasts its window (its time to live) from the
 * moment it was taken.
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
