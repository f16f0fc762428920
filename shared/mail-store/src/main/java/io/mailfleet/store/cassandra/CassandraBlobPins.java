package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobPins;
import io.mailfleet.store.blob.NewBlobPins;
import io.mailfleet.store.mailbox.MessageContent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pins in {@code blob_pins}, checked against the condemnations of {@link BlobCollector}: the pin is
 * written before the condemnation is read, the collector condemns before it reads pins, so one of the
 * two always sees the other (both at quorum). A condemnation found still revocable is taken back with a
 * lightweight transaction, which the collector's own transaction to start deleting cannot pass; one
 * found in deletion is waited out.
 *
 * <p>A blob whose content no earlier put can have stored is pinned by {@link #pinNew} with one write and no
 * read, before it is stored: the collector condemns only blobs it finds in the bucket, and this one is there
 * only once its pin is durable. So every condemnation of it comes after the pin, and its cycle's PINS
 * phase, which reads pins (at quorum) after condemning, finds the pin; or the pin had expired by then, and
 * its writer's reference, made within the pin's lifetime, came before that phase and so before the
 * REFERENCES scan, which sees it. No condemnation of an earlier life of the key can be left either (one a
 * collector died deleting, which its next run would finish on whatever is then stored): there was none.
 * The content's parsed rows go in the same write: they and the pin share the blob's key as their partition
 * key, so the unlogged batch is one mutation of one partition, which each replica applies whole.
 */
public final class CassandraBlobPins implements BlobPins, NewBlobPins {

    /** An accepted message may wait 5 days in the retry topics before delivery refers to its blob. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);
    private static final Duration POLL = Duration.ofMillis(50);

    private final CqlSession session;
    private final Duration waitForDeletion;
    private final PreparedStatement insertPin;
    private final PreparedStatement selectCondemnation;
    private final PreparedStatement revoke;
    private final CassandraMessageContentRepository contents;

    /**
     * @param lifetime        how long a pin protects its blob: longer than any writer takes from the
     *                        pin to a durable reference
     * @param waitForDeletion how long to wait for a deletion under way before giving up
     */
    public CassandraBlobPins(CqlSession session, Duration lifetime, Duration waitForDeletion) {
        this.session = session;
        this.waitForDeletion = waitForDeletion;
        this.insertPin = session.prepare("INSERT INTO blob_pins (blob_key, pin) VALUES (?, ?) USING TTL "
                + Math.max(1, lifetime.toSeconds()));
        this.selectCondemnation = session.prepare("SELECT state FROM blob_condemnations WHERE blob_key = ?");
        this.revoke = session.prepare("DELETE FROM blob_condemnations WHERE blob_key = ? IF state = '"
                + BlobCollector.CONDEMNED + "'");
        this.contents = new CassandraMessageContentRepository(session);
    }

    @Override
    public void pinNew(BlobKey key, Optional<MessageContent> content) {
        BatchableStatement<?> pin = insertPin.bind(key.value(), Uuids.timeBased());
        if (content.isEmpty()) {
            Cql.run("pin new blob", () -> session.execute(pin));
            return;
        }
        if (!content.get().blobKey().equals(key.value())) {
            throw new IllegalArgumentException("content of " + content.get().blobKey() + " pinned with blob " + key);
        }
        List<BatchableStatement<?>> writes = new ArrayList<>(contents.writes(content.get()));
        writes.add(pin);
        Cql.run("pin new blob with its content", () -> session.execute(
                BatchStatement.newInstance(DefaultBatchType.UNLOGGED, writes)));
    }

    @Override
    public boolean pin(BlobKey key) {
        Cql.run("pin blob", () -> session.execute(insertPin.bind(key.value(), Uuids.timeBased())));
        return collectorOutOfTheWay(key);
    }

    /**
     * {@link #pin(BlobKey)}, with the blob's parsed content written in the pin's own write, for a writer that would
     * store it right after the pin (an APPEND): one write and its commit log sync instead of two in a row. The
     * content may then be written while a deletion of the blob is under way, which removes it with the blob; when
     * a deletion was waited out the content is written again before this returns, so either way it is stored.
     */
    public boolean pinWithContent(BlobKey key, MessageContent content) {
        if (!content.blobKey().equals(key.value())) {
            throw new IllegalArgumentException("content of " + content.blobKey() + " pinned with blob " + key);
        }
        List<BatchableStatement<?>> writes = new ArrayList<>(contents.writes(content));
        writes.add(insertPin.bind(key.value(), Uuids.timeBased()));
        Cql.run("pin blob with its content", () -> session.execute(BatchStatement.newInstance(DefaultBatchType.UNLOGGED, writes)));
        boolean waited = collectorOutOfTheWay(key);
        if (waited) {
            contents.put(content);
        }
        return waited;
    }

    /**
     * Once the key is pinned: returns when no collector can delete the blob any more, taking back a condemnation or
     * waiting out a deletion under way; whether it waited one out.
     */
    private boolean collectorOutOfTheWay(BlobKey key) {
        long deadline = System.nanoTime() + waitForDeletion.toNanos();
        boolean waited = false;
        while (true) {
            Row condemnation = Cql.call("read blob condemnation", () -> session.execute(selectCondemnation.bind(key.value())).one());
            if (condemnation == null) {
                return waited;
            }
            if (BlobCollector.CONDEMNED.equals(condemnation.getString("state")) && revoked(key)) {
                return waited;
            }
            if (System.nanoTime() > deadline) {
                throw new StoreUnavailableException("blob " + key + " is being deleted by the collector; try again");
            }
            waited = true;
            pause();
        }
    }

    /** False when the collector started the deletion first; an unknown outcome is read again by the caller. */
    private boolean revoked(BlobKey key) {
        try {
            return session.execute(revoke.bind(key.value()).setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
                    .wasApplied();
        } catch (com.datastax.oss.driver.api.core.servererrors.QueryValidationException bug) {
            throw bug;
        } catch (com.datastax.oss.driver.api.core.DriverException unknownOrFailed) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for a blob deletion", e);
        }
    }
}
