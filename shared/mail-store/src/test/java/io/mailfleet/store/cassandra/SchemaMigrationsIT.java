package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.DateFacts;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.SearchRow;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@ExtendWith(RealInfrastructureExtension.class)
class SchemaMigrationsIT {

    @Test
    void instancesStartingTogetherApplyEachMigrationOnce(Infrastructure servers) throws Exception {
        String keyspace = "migrations_" + Long.toHexString(System.nanoTime());
        CassandraConfig config = StoreSessions.config(servers, keyspace);
        ExecutorService instances = Executors.newFixedThreadPool(3);
        List<Future<CqlSession>> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(instances.submit(() -> CassandraSessions.openMigrated(config)));
        }
        List<CqlSession> sessions = new ArrayList<>();
        try {
            for (Future<CqlSession> session : started) {
                sessions.add(session.get(3, TimeUnit.MINUTES));
            }
            CqlSession session = sessions.get(0);
            assertThat(session.execute("SELECT version, name FROM schema_migrations").all())
                    .extracting(row -> row.getString("name"))
                    .containsExactlyInAnyOrderElementsOf(SchemaMigrations.FILES);
            assertThat(session.getMetadata().getKeyspace(keyspace).orElseThrow().getTables().keySet())
                    .extracting(Object::toString)
                    .contains("domains", "accounts", "aliases", "mailboxes", "mailbox_data", "message_content");

            CassandraSessions.openMigrated(config).close();
            assertThat(session.execute("SELECT count(*) FROM schema_migrations").one().getLong(0))
                    .as("a restart applies nothing again").isEqualTo(SchemaMigrations.FILES.size());
        } finally {
            instances.shutdownNow();
            sessions.forEach(CqlSession::close);
        }
    }

    /** A keyspace migrated before search texts: its content stays readable, has no text, and new content gets one. */
    @Test
    void searchTextsMigrateAnExistingKeyspace(Infrastructure servers) {
        CassandraConfig config = StoreSessions.config(servers, "migrations_" + Long.toHexString(System.nanoTime()));
        String old = "sha256/" + UUID.randomUUID();
        try (CqlSession before = CassandraSessions.openMigrated(config)) {
            // A schema change waits for the node to settle it: as the migrations do, allow it more than a query.
            before.execute(SimpleStatement.newInstance("DROP TABLE message_text").setTimeout(Duration.ofSeconds(30)));
            before.execute("DELETE FROM schema_migrations WHERE version = 13");
            before.execute("INSERT INTO message_content (blob_key, size, envelope, body_structure, header_index, sections)"
                    + " VALUES (?, 5, 'NIL', 'NIL', '{}', '[]')", old);
        }
        try (CqlSession after = CassandraSessions.openMigrated(config)) {
            CassandraMessageContentRepository contents = new CassandraMessageContentRepository(after);
            String current = "sha256/" + UUID.randomUUID();
            contents.put(new MessageContent(current, 5, "NIL", "NIL", "{}", "[]", "", "body text"));

            assertThat(contents.find(old)).isPresent();
            assertThat(contents.searchTexts(List.of(old, current))).isEqualTo(Map.of(current, "body text"));
            assertThat(after.execute("SELECT name FROM schema_migrations WHERE version = 13").one().getString("name"))
                    .isEqualTo("013-search-texts.cql");
        }
    }

    /** A message row written before text signatures: still listed for SEARCH, without one, so its text is read. */
    @Test
    void rowsWrittenBeforeTextSignaturesHaveNone(Infrastructure servers) {
        CassandraConfig config = StoreSessions.config(servers, "migrations_" + Long.toHexString(System.nanoTime()));
        UUID mailbox = UUID.randomUUID();
        try (CqlSession before = CassandraSessions.openMigrated(config)) {
            before.execute(SimpleStatement.newInstance("ALTER TABLE mailbox_data DROP text_signature").setTimeout(Duration.ofSeconds(30)));
            before.execute("DELETE FROM schema_migrations WHERE version = 16");
            before.execute("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, next_uid, highest_modseq, message_count,"
                    + " unseen_count, total_bytes, modseq, flags, message_id, blob_key, size, internal_date)"
                    + " VALUES (?, 0, 1, 0, 2, 1, 1, 1, 5, 1, {}, ?, 'sha256/old', 5, toTimestamp(now()))",
                    mailbox, new MessageIdGenerator().next().toString());
        }
        try (CqlSession after = CassandraSessions.openMigrated(config)) {
            CassandraMessageRepository messages = new CassandraMessageRepository(after);

            assertThat(messages.searchRows(new MailboxId(mailbox), Uid.MIN, Uid.MAX, 10))
                    .extracting(row -> row.message().blobKey(), SearchRow::textSignature)
                    .containsExactly(tuple("sha256/old", null));
            assertThat(after.execute("SELECT name FROM schema_migrations WHERE version = 16").one().getString("name"))
                    .isEqualTo("016-text-signatures.cql");
        }
    }

    /**
     * A message row with sort keys and a content written before threading facts and content signatures: the row
     * reads back for THREAD with its sort keys and no threading facts, and the content as unsigned, so that THREAD
     * and delivery work them out as before.
     */
    @Test
    void rowsAndContentsWrittenBeforeThreadFactsAndContentSignaturesHaveNone(Infrastructure servers) {
        CassandraConfig config = StoreSessions.config(servers, "migrations_" + Long.toHexString(System.nanoTime()));
        UUID mailbox = UUID.randomUUID();
        try (CqlSession before = CassandraSessions.openMigrated(config)) {
            for (String drop : List.of("ALTER TABLE mailbox_data DROP (thread_message_id, thread_parents, thread_reply)",
                    "ALTER TABLE message_content DROP text_signature")) {
                before.execute(SimpleStatement.newInstance(drop).setTimeout(Duration.ofSeconds(30)));
            }
            before.execute("DELETE FROM schema_migrations WHERE version = 17");
            before.execute("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, next_uid, highest_modseq, message_count,"
                    + " unseen_count, total_bytes, modseq, flags, message_id, blob_key, size, internal_date, sent_date, sort_subject,"
                    + " sort_from, sort_to, sort_cc, sort_display_from, sort_display_to)"
                    + " VALUES (?, 0, 1, 0, 2, 1, 1, 1, 5, 1, {}, ?, 'sha256/old', 5, toTimestamp(now()), toTimestamp(now()),"
                    + " 'lunch', 'amy', 'bob', '', 'amy', 'bob')",
                    mailbox, new MessageIdGenerator().next().toString());
            before.execute("INSERT INTO message_content (blob_key, size, envelope, body_structure, header_index, sections, preview)"
                    + " VALUES ('sha256/old', 5, 'NIL', 'NIL', '{}', '[]', '')");
        }
        try (CqlSession after = CassandraSessions.openMigrated(config)) {
            CassandraMessageRepository messages = new CassandraMessageRepository(after);

            assertThat(messages.threadFacts(new MailboxId(mailbox), Uid.MIN, Uid.MAX)).singleElement()
                    .satisfies(row -> {
                        assertThat(row.fields().subject()).isEqualTo("lunch");
                        assertThat(row.fields().thread()).isNull();
                    });
            assertThat(new CassandraMessageContentRepository(after).findSigned(List.of("sha256/old")))
                    .extractingByKey("sha256/old").extracting(MessageContent::signatureKnown).isEqualTo(false);
            assertThat(after.execute("SELECT name FROM schema_migrations WHERE version = 17").one().getString("name"))
                    .isEqualTo("017-thread-facts-and-content-signatures.cql");
        }
    }
    /**
     * A mailbox whose rows were written before sort date cells, with a whole block of migration 018: its dates are read
     * from the rows, whose cells the first read writes, clearing the old block, so that the next reads come from them.
     */
    @Test
    void mailboxesWrittenBeforeSortDateCellsGetThemFromTheirRows(Infrastructure servers) throws Exception {
        CassandraConfig config = StoreSessions.config(servers, "migrations_" + Long.toHexString(System.nanoTime()));
        UUID mailbox = UUID.randomUUID();
        int count = 64;
        Instant arrival = Instant.parse("2026-11-23T10:00:00Z");
        try (CqlSession before = CassandraSessions.openMigrated(config)) {
            before.execute(SimpleStatement.newInstance("ALTER TABLE mailbox_data DROP sort_date_cells").setTimeout(Duration.ofSeconds(30)));
            before.execute("DELETE FROM schema_migrations WHERE version = 21");
            before.execute("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, next_uid, highest_modseq, message_count,"
                    + " unseen_count, total_bytes) VALUES (?, 0, 1, 0, ?, 1, ?, ?, ?)", mailbox, count + 1L, (long) count, (long) count,
                    5L * count);
            for (long uid = 1; uid <= count; uid++) {
                before.execute("UPDATE mailbox_data SET modseq = 1, flags = flags + {}, message_id = ?, blob_key = 'sha256/old',"
                        + " size = 5, internal_date = ?, sent_date = ?, sort_subject = 's', sort_from = 'amy', sort_to = 'bob',"
                        + " sort_cc = '', sort_display_from = 'amy', sort_display_to = 'bob'"
                        + " WHERE mailbox_id = ? AND kind = 0 AND seq = ? AND expunged_uid = 0",
                        new MessageIdGenerator().next().toString(), arrival.plusSeconds(uid), arrival.minusSeconds(uid), mailbox, uid);
            }
            before.execute("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, sort_dates) VALUES (?, 6, 0, 0, ?)",
                    mailbox, ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        }
        try (CqlSession after = CassandraSessions.openMigrated(config)) {
            CassandraMessageRepository messages = new CassandraMessageRepository(after);
            long[] uids = LongStream.rangeClosed(1, count).toArray();
            List<DateFacts> dates = LongStream.rangeClosed(1, count)
                    .mapToObj(uid -> new DateFacts(Uid.of(uid), 5, arrival.plusSeconds(uid), arrival.minusSeconds(uid))).toList();

            assertThat(messages.dateFacts(new MailboxId(mailbox), uids)).isEqualTo(dates);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Row block = after.execute("SELECT sort_date_cells, sort_dates FROM mailbox_data WHERE mailbox_id = ? AND kind = 6",
                    mailbox).one();
            while (block.getMap("sort_date_cells", Long.class, ByteBuffer.class).size() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
                block = after.execute("SELECT sort_date_cells, sort_dates FROM mailbox_data WHERE mailbox_id = ? AND kind = 6",
                        mailbox).one();
            }
            assertThat(block.getMap("sort_date_cells", Long.class, ByteBuffer.class)).hasSize(count);
            assertThat(block.isNull("sort_dates")).as("018's whole block cleared").isTrue();
            after.execute("UPDATE mailbox_data SET sent_date = ? WHERE mailbox_id = ? AND kind = 0 AND seq = 1 AND expunged_uid = 0",
                    Instant.EPOCH, mailbox);
            assertThat(messages.dateFacts(new MailboxId(mailbox), uids)).as("answered from the cells").isEqualTo(dates);
            assertThat(after.execute("SELECT name FROM schema_migrations WHERE version = 21").one().getString("name"))
                    .isEqualTo("021-sort-date-cells.cql");
        }
    }
}
