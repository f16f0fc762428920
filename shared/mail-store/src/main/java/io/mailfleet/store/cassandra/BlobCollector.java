package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.StoredObject;
import io.mailfleet.store.lease.Lease;
import io.mailfleet.store.mailbox.MessageContentRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Deletes the blobs no message refers to, with their parsed content, and the temporary objects that
 * interrupted puts left, by cycles of phases over the bucket in key order:
 * <ol>
 *   <li>CONDEMN: every blob older than the grace gets a condemnation of this cycle;</li>
 *   <li>PINS: a condemned blob with a live pin is spared (its condemnation removed);</li>
 *   <li>REFERENCES: one scan of every message row; a condemned blob that a message refers to is spared;</li>
 *   <li>DELETE: each blob still condemned is switched to "deleting" by a lightweight transaction, which a
 *       writer taking the condemnation back would have made fail, then deleted with its content;</li>
 *   <li>TEMPORARY: temporary objects older than their grace are deleted.</li>
 * </ol>
 * Why no referenced blob is deleted: a reference made before the REFERENCES scan reaches its mailbox is
 * seen by it. A reference made later was made by a writer that pinned the blob first (puts pin, and so
 * must COPY), and read the condemnations after pinning. If that read found the condemnation, the writer
 * took it back or waited for the deletion to end and stored the blob again. If it found none, the
 * condemnation came later, so the PINS phase, which reads after condemning, found the pin, unless the pin
 * had expired; a pin outlives the time its writer takes to make the reference, so the reference was
 * then made before the PINS phase and hence before the scan, which saw it. A writer of content that no
 * earlier put can have stored pins it before storing it and reads no condemnation
 * ({@link CassandraBlobPins#pinNew}): the blob is listed, and so condemned, only after its pin.
 *
 * <p>Progress (cycle, phase and position) is stored after every page, so a collector that dies resumes
 * where it stopped; a scan cut short is done again. One collector runs at a time across instances,
 * under a lease that it renews after every step.
 */
public final class BlobCollector {

    static final String CONDEMNED = "condemned";
    static final String DELETING = "deleting";
    /** The lease is a maildrop lease under a key that no account's (an address, with an {@code @}) can be. */
    private static final String LEASE_PREFIX = "blob collector of bucket ";
    private static final Duration LEASE_TTL = Duration.ofMinutes(10);

    private enum Phase { CONDEMN, PINS, REFERENCES, DELETE, TEMPORARY, DONE }

    /**
     * @param grace            blobs younger than this are left alone, whatever refers to them
     * @param temporaryGrace   temporary objects younger than this may belong to a put still running
     * @param condemnationLife how long a condemnation lasts if its collector never comes back
     * @param pageSize         objects listed, condemned or deleted per step
     */
    public record Settings(Duration grace, Duration temporaryGrace, Duration condemnationLife, int pageSize) {

        public static Settings defaults() {
            return new Settings(CassandraBlobPins.DEFAULT_LIFETIME, Duration.ofDays(1), Duration.ofDays(1), 1000);
        }
    }

    /** What one run did; {@code finished} when it completed a cycle. */
    public record Run(long blobsDeleted, long temporariesDeleted, boolean finished) {
    }

    private record State(UUID cycle, Phase phase, String cursor) {
    }

    private final CqlSession session;
    private final MinioBlobStore blobs;
    private final MessageContentRepository contents;
    private final CassandraMaildropLeases leases;
    private final Settings settings;
    private final Clock clock;
    /** The collection's name: its bucket's, so that collectors of several buckets keep apart. */
    private final String name;
    private final PreparedStatement selectState;
    private final PreparedStatement startCycle;
    private final PreparedStatement writeProgress;
    private final PreparedStatement condemn;
    private final PreparedStatement selectCondemnation;
    private final PreparedStatement spare;
    private final PreparedStatement startDeleting;
    private final PreparedStatement selectPin;
    private final PreparedStatement scanReferences;
    private long blobsDeleted;
    private long temporariesDeleted;

    public BlobCollector(CqlSession session, MinioBlobStore blobs, Settings settings, Clock clock) {
        this.session = session;
        this.blobs = blobs;
        this.contents = new CassandraMessageContentRepository(session);
        this.leases = new CassandraMaildropLeases(session);
        this.settings = settings;
        this.clock = clock;
        this.name = blobs.bucket();
        this.selectState = session.prepare("SELECT cycle, phase, cursor FROM blob_collection WHERE name = ?");
        this.startCycle = session.prepare("INSERT INTO blob_collection (name, cycle, phase, cursor, started_at)"
                + " VALUES (?, ?, ?, '', ?)");
        this.writeProgress = session.prepare("UPDATE blob_collection SET phase = ?, cursor = ?, finished_at = ? WHERE name = ?");
        this.condemn = session.prepare("INSERT INTO blob_condemnations (blob_key, cycle, state) VALUES (?, ?, '" + CONDEMNED
                + "') IF NOT EXISTS USING TTL " + settings.condemnationLife().toSeconds());
        this.selectCondemnation = session.prepare("SELECT cycle, state FROM blob_condemnations WHERE blob_key = ?");
        this.spare = session.prepare("DELETE FROM blob_condemnations WHERE blob_key = ? IF cycle = ?");
        this.startDeleting = session.prepare("UPDATE blob_condemnations SET state = '" + DELETING + "'"
                + " WHERE blob_key = ? IF cycle = ? AND state = '" + CONDEMNED + "'");
        this.selectPin = session.prepare("SELECT pin FROM blob_pins WHERE blob_key = ? LIMIT 1");
        this.scanReferences = session.prepare("SELECT blob_key FROM mailbox_data");
    }

    /**
     * Runs the collection, resuming a cycle left unfinished, until one cycle is complete; does nothing
     * when another instance holds the lease. A failure of S3 or Cassandra ends the run where it is.
     */
    public Run collect() {
        Optional<Lease> lease = leases.acquire(LEASE_PREFIX + name, LEASE_TTL);
        if (lease.isEmpty()) {
            return new Run(0, 0, false);
        }
        blobsDeleted = 0;
        temporariesDeleted = 0;
        try {
            boolean more = true;
            while (more && leases.renew(lease.get(), LEASE_TTL)) {
                more = step();
            }
            return new Run(blobsDeleted, temporariesDeleted, !more);
        } finally {
            leases.release(lease.get(), LEASE_TTL);
        }
    }

    /** One page of the current phase, its progress stored; false once the cycle is complete. */
    boolean step() {
        State state = readState();
        switch (state.phase()) {
            case DONE -> Cql.run("start blob collection", () -> session.execute(
                    startCycle.bind(name, UUID.randomUUID(), Phase.CONDEMN.name(), clock.instant())));
            case CONDEMN -> blobPage(state, Phase.PINS, object -> {
                if (olderThan(object, settings.grace())) {
                    Cql.run("condemn blob", () -> session.execute(serial(condemn.bind(object.name(), state.cycle()))));
                }
            });
            case PINS -> blobPage(state, Phase.REFERENCES, object -> {
                if (condemnedBy(state.cycle(), object).filter(CONDEMNED::equals).isPresent() && pinned(object)) {
                    spare(state.cycle(), object);
                }
            });
            case REFERENCES -> spareReferenced(state);
            case DELETE -> blobPage(state, Phase.TEMPORARY, object -> delete(state.cycle(), object));
            case TEMPORARY -> temporaryPage(state);
        }
        return readState().phase() != Phase.DONE;
    }

    private void blobPage(State state, Phase next, Consumer<StoredObject> action) {
        List<StoredObject> page = blobs.listBlobs(state.cursor(), settings.pageSize());
        page.forEach(action);
        advance(state, page, next);
    }

    private void advance(State state, List<StoredObject> page, Phase next) {
        if (page.size() < settings.pageSize()) {
            save(new State(state.cycle(), next, ""), next == Phase.DONE ? clock.instant() : null);
        } else {
            save(new State(state.cycle(), state.phase(), page.get(page.size() - 1).name()), null);
        }
    }

    /** Scans every message row once, then spares the condemned blobs found referred to. */
    private void spareReferenced(State state) {
        Set<String> referenced = new HashSet<>();
        Cql.run("scan message references", () -> {
            for (Row row : session.execute(scanReferences.bind())) {
                String key = row.getString("blob_key");
                if (key != null) {
                    referenced.add(key);
                }
            }
        });
        String cursor = "";
        List<StoredObject> page;
        do {
            page = blobs.listBlobs(cursor, settings.pageSize());
            for (StoredObject object : page) {
                if (referenced.contains(object.name()) && condemnedBy(state.cycle(), object).isPresent()) {
                    spare(state.cycle(), object);
                }
            }
            cursor = page.isEmpty() ? cursor : page.get(page.size() - 1).name();
        } while (page.size() == settings.pageSize());
        save(new State(state.cycle(), Phase.DELETE, ""), null);
    }

    /**
     * Deletes the blob if this cycle still condemns it: the switch to "deleting" fails once a writer
     * took the condemnation back. A blob found "deleting" was left so by a run that died: finish it.
     */
    private void delete(UUID cycle, StoredObject object) {
        Optional<String> condemnation = condemnedBy(cycle, object);
        if (condemnation.isEmpty()) {
            return;
        }
        if (CONDEMNED.equals(condemnation.get()) && !switchedToDeleting(cycle, object)) {
            return;
        }
        BlobKey key = new BlobKey(object.name());
        blobs.delete(key);
        contents.remove(key.value());
        spare(cycle, object);
        blobsDeleted++;
    }

    private boolean switchedToDeleting(UUID cycle, StoredObject object) {
        try {
            return session.execute(serial(startDeleting.bind(object.name(), cycle))).wasApplied();
        } catch (QueryValidationException bug) {
            throw bug;
        } catch (DriverException unknownOutcome) {
            // A serial read completes or discards the round, then says which it was.
            Row row = Cql.call("read blob condemnation", () -> session.execute(
                    selectCondemnation.bind(object.name()).setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)).one());
            return row != null && cycle.equals(row.getUuid("cycle")) && DELETING.equals(row.getString("state"));
        }
    }

    private void temporaryPage(State state) {
        List<StoredObject> page = blobs.listTemporary(state.cursor(), settings.pageSize());
        for (StoredObject object : page) {
            if (olderThan(object, settings.temporaryGrace())) {
                blobs.removeTemporary(object.name());
                temporariesDeleted++;
            }
        }
        advance(state, page, Phase.DONE);
    }

    /** The state of this cycle's condemnation of the blob, if it has one. */
    private Optional<String> condemnedBy(UUID cycle, StoredObject object) {
        Row row = Cql.call("read blob condemnation", () -> session.execute(selectCondemnation.bind(object.name())).one());
        return Optional.ofNullable(row).filter(r -> cycle.equals(r.getUuid("cycle"))).map(r -> r.getString("state"));
    }

    private boolean pinned(StoredObject object) {
        return Cql.call("read blob pins", () -> session.execute(selectPin.bind(object.name())).one() != null);
    }

    private void spare(UUID cycle, StoredObject object) {
        Cql.run("remove blob condemnation", () -> session.execute(serial(spare.bind(object.name(), cycle))));
    }

    private boolean olderThan(StoredObject object, Duration grace) {
        return object.lastModified().isBefore(clock.instant().minus(grace));
    }

    private State readState() {
        Row row = Cql.call("read blob collection", () -> session.execute(selectState.bind(name)).one());
        if (row == null) {
            return new State(null, Phase.DONE, "");
        }
        return new State(row.getUuid("cycle"), Phase.valueOf(row.getString("phase")), row.getString("cursor"));
    }

    /** @param finishedAt when the cycle ended, or null while it runs */
    private void save(State state, Instant finishedAt) {
        BoundStatement progress = writeProgress.bind(state.phase().name(), state.cursor(), finishedAt, name);
        // Unset, not null: the previous cycle's end stays readable while this one runs.
        Cql.run("store blob collection progress", () -> session.execute(finishedAt == null ? progress.unset(2) : progress));
    }

    private static BoundStatement serial(BoundStatement statement) {
        return statement.setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
    }
}
