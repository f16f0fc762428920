package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageContentRepository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

public final class CassandraMessageContentRepository implements MessageContentRepository {

    private static final int READS_AT_ONCE = 64;

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement delete;

    public CassandraMessageContentRepository(CqlSession session) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO message_content (blob_key, size, envelope, body_structure, header_index, sections,"
                + " preview) VALUES (?, ?, ?, ?, ?, ?, ?)");
        this.select = session.prepare("SELECT blob_key, size, envelope, body_structure, header_index, sections, preview"
                + " FROM message_content WHERE blob_key = ?");
        this.delete = session.prepare("DELETE FROM message_content WHERE blob_key = ?");
    }

    @Override
    public void put(MessageContent content) {
        Cql.run("store message content", () -> session.execute(insert.bind(content.blobKey(), content.size(),
                content.envelope(), content.bodyStructure(), content.headerIndex(), content.sections(), content.preview())));
    }

    @Override
    public Optional<MessageContent> find(String blobKey) {
        Row row = Cql.call("read message content", () -> session.execute(select.bind(blobKey)).one());
        return Optional.ofNullable(row).map(CassandraMessageContentRepository::content);
    }

    /**
     * One read by key each, {@link #READS_AT_ONCE} under way at a time: each goes to its own key's
     * replicas, and the slowest of a window sets its time. The window bounds what one FETCH of a
     * large mailbox asks of the driver's connections at once.
     */
    @Override
    public Map<String, MessageContent> findAll(Collection<String> blobKeys) {
        List<String> keys = List.copyOf(new LinkedHashSet<>(blobKeys));
        Map<String, MessageContent> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += READS_AT_ONCE) {
            List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>();
            for (String key : keys.subList(from, Math.min(keys.size(), from + READS_AT_ONCE))) {
                reads.add(Cql.call("read message content", () -> session.executeAsync(select.bind(key)).toCompletableFuture()));
            }
            for (CompletableFuture<AsyncResultSet> read : reads) {
                Row row = Cql.await("read message content", read).one();
                if (row != null) {
                    MessageContent content = content(row);
                    found.put(content.blobKey(), content);
                }
            }
        }
        return found;
    }

    private static MessageContent content(Row row) {
        return new MessageContent(row.getString("blob_key"), row.getLong("size"), row.getString("envelope"),
                row.getString("body_structure"), row.getString("header_index"), row.getString("sections"),
                row.getString("preview"));
    }

    @Override
    public void remove(String blobKey) {
        Cql.run("remove message content", () -> session.execute(delete.bind(blobKey)));
    }
}
