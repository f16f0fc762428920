package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageContentRepository;

import java.nio.ByteBuffer;
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
    /** Keys of one read of signed contents: a delivery batch's (50 messages by default) in one request. */
    private static final int KEYS_PER_SIGNED_READ = 100;
    /** Keys of one read of search texts: a window of {@link #READS_AT_ONCE} keys in four requests, each to one coordinator. */
    private static final int TEXT_KEYS_PER_READ = 16;
    /**
     * Keys of one read of contents, {@link #READS_AT_ONCE} keys under way at a time: a read per key cost Cassandra and
     * the driver's one I/O thread a request per row, more than reading the small row did; the window bounds what one
     * FETCH or SEARCH of a large mailbox asks of the driver's connections at once.
     */
    private static final int CONTENT_KEYS_PER_READ = 16;

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement selectSome;
    private final PreparedStatement selectSigned;
    private final PreparedStatement delete;
    private final PreparedStatement insertText;
    private final PreparedStatement selectTexts;
    private final PreparedStatement deleteText;

    public CassandraMessageContentRepository(CqlSession session) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO message_content (blob_key, size, envelope, body_structure, header_index, sections,"
                + " preview, text_signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        this.select = session.prepare("SELECT blob_key, size, envelope, body_structure, header_index, sections, preview"
                + " FROM message_content WHERE blob_key = ?");
        this.selectSome = session.prepare("SELECT blob_key, size, envelope, body_structure, header_index, sections, preview"
                + " FROM message_content WHERE blob_key IN ?");
        this.selectSigned = session.prepare("SELECT blob_key, size, envelope, body_structure, header_index, sections, preview,"
                + " text_signature FROM message_content WHERE blob_key IN ?");
        this.delete = session.prepare("DELETE FROM message_content WHERE blob_key = ?");
        this.insertText = session.prepare("INSERT INTO message_text (blob_key, text) VALUES (?, ?)");
        this.selectTexts = session.prepare("SELECT blob_key, text FROM message_text WHERE blob_key IN ?");
        this.deleteText = session.prepare("DELETE FROM message_text WHERE blob_key = ?");
    }

    /**
     * The search text and the content row in one request: both tables are keyed by the blob, so the
     * batch is one mutation of one partition, which each replica applies whole. Content that is there
     * has the text it was stored with, at the cost of one round trip instead of two.
     */
    @Override
    public void put(MessageContent content) {
        Cql.run("store message content", () -> session.execute(write(content)));
    }

    @Override
    public CompletableFuture<Void> putAsync(MessageContent content) {
        return Cql.call("store message content", () -> session.executeAsync(write(content)).toCompletableFuture())
                .handle((written, failure) -> {
                    if (failure != null) {
                        throw Cql.failure("store message content", failure);
                    }
                    return null;
                });
    }

    /**
     * The content row keeps the text's signature, or an empty one for content without a search text, so that a
     * read of the content tells delivery what each message row keeps without reading the text. Content with a text
     * but without its signature leaves the column unset: its reader signs the stored text.
     */
    private Statement<?> write(MessageContent content) {
        List<BatchableStatement<?>> writes = writes(content);
        return writes.size() == 1 ? writes.get(0) : BatchStatement.newInstance(DefaultBatchType.UNLOGGED, writes);
    }

    /** The writes of the content, all to the blob's partition: in one unlogged batch, they are one mutation. */
    List<BatchableStatement<?>> writes(MessageContent content) {
        BoundStatement row = insert.bind(content.blobKey(), content.size(), content.envelope(), content.bodyStructure(),
                content.headerIndex(), content.sections(), content.preview());
        if (content.textSignature() != null) {
            row = row.setByteBuffer("text_signature", ByteBuffer.wrap(content.textSignature()));
        } else if (content.searchText() == null) {
            row = row.setByteBuffer("text_signature", ByteBuffer.wrap(MessageContent.NO_SEARCH_TEXT));
        }
        return content.searchText() == null ? List.of(row)
                : List.of(insertText.bind(content.blobKey(), CompressedText.compress(content.searchText())), row);
    }

    @Override
    public Optional<MessageContent> find(String blobKey) {
        Row row = Cql.call("read message content", () -> session.execute(select.bind(blobKey)).one());
        return Optional.ofNullable(row).map(CassandraMessageContentRepository::content);
    }

    /**
     * One request per {@link #KEYS_PER_SIGNED_READ} keys: delivery reads the contents of a batch of messages, and
     * a request per content cost Cassandra more for taking the request than for reading the row. The coordinator
     * reads each key from its own replicas.
     */
    @Override
    public Map<String, MessageContent> findSigned(Collection<String> blobKeys) {
        List<String> keys = List.copyOf(new LinkedHashSet<>(blobKeys));
        List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_SIGNED_READ) {
            List<String> some = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_SIGNED_READ));
            reads.add(Cql.call("read message contents", () -> session.executeAsync(selectSigned.bind(some)).toCompletableFuture()));
        }
        Map<String, MessageContent> found = new HashMap<>();
        for (CompletableFuture<AsyncResultSet> read : reads) {
            // Each read is of at most KEYS_PER_SIGNED_READ rows, fewer than a page: its first page holds them all.
            Cql.await("read message contents", read).currentPage()
                    .forEach(row -> found.put(row.getString("blob_key"), signedContent(row)));
        }
        return found;
    }

    @Override
    public Map<String, MessageContent> findAll(Collection<String> blobKeys) {
        List<String> keys = List.copyOf(new LinkedHashSet<>(blobKeys));
        Map<String, MessageContent> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += READS_AT_ONCE) {
            List<String> window = keys.subList(from, Math.min(keys.size(), from + READS_AT_ONCE));
            List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>();
            for (int at = 0; at < window.size(); at += CONTENT_KEYS_PER_READ) {
                List<String> some = window.subList(at, Math.min(window.size(), at + CONTENT_KEYS_PER_READ));
                reads.add(Cql.call("read message content", () -> session.executeAsync(selectSome.bind(some)).toCompletableFuture()));
            }
            for (CompletableFuture<AsyncResultSet> read : reads) {
                // Each read is of at most CONTENT_KEYS_PER_READ rows, fewer than a page: its first page holds them all.
                Cql.await("read message content", read).currentPage()
                        .forEach(row -> found.put(row.getString("blob_key"), content(row)));
            }
        }
        return found;
    }

    @Override
    public Map<String, String> searchTexts(Collection<String> blobKeys) {
        return Cql.await("read search text", searchTextsAsync(blobKeys));
    }

    @Override
    public CompletableFuture<Map<String, String>> searchTextsAsync(Collection<String> blobKeys) {
        CompletableFuture<Map<String, String>> windows;
        try {
            windows = textWindows(List.copyOf(new LinkedHashSet<>(blobKeys)), 0, new HashMap<>());
        } catch (RuntimeException failure) {
            // A request the driver refuses at once fails the result, as one that fails later does.
            windows = CompletableFuture.failedFuture(failure);
        }
        return windows.handle((texts, failure) -> {
            if (failure != null) {
                throw Cql.failure("read search text", failure);
            }
            return texts;
        });
    }

    /**
     * The texts of {@code keys} from {@code from} on, {@link #READS_AT_ONCE} keys under way at a time in reads of
     * {@link #TEXT_KEYS_PER_READ} keys each, added to {@code found}: a read per key cost the driver's one I/O thread
     * and Cassandra a request per text, more than the small texts of most messages cost to read.
     */
    private CompletableFuture<Map<String, String>> textWindows(List<String> keys, int from, Map<String, String> found) {
        if (from >= keys.size()) {
            return CompletableFuture.completedFuture(found);
        }
        List<String> window = keys.subList(from, Math.min(keys.size(), from + READS_AT_ONCE));
        List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>();
        for (int at = 0; at < window.size(); at += TEXT_KEYS_PER_READ) {
            reads.add(session.executeAsync(selectTexts.bind(window.subList(at, Math.min(window.size(), at + TEXT_KEYS_PER_READ))))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            for (CompletableFuture<AsyncResultSet> read : reads) {
                // Each read is of at most TEXT_KEYS_PER_READ rows, fewer than a page: its first page holds them all.
                for (Row row : read.join().currentPage()) {
                    found.put(row.getString(0), CompressedText.decompress(row.getByteBuffer(1)));
                }
            }
            return textWindows(keys, from + READS_AT_ONCE, found);
        });
    }

    private static MessageContent content(Row row) {
        return new MessageContent(row.getString("blob_key"), row.getLong("size"), row.getString("envelope"),
                row.getString("body_structure"), row.getString("header_index"), row.getString("sections"),
                row.getString("preview"));
    }

    private static MessageContent signedContent(Row row) {
        ByteBuffer signature = row.getByteBuffer("text_signature");
        return new MessageContent(row.getString("blob_key"), row.getLong("size"), row.getString("envelope"),
                row.getString("body_structure"), row.getString("header_index"), row.getString("sections"),
                row.getString("preview"), null, signature == null ? null : bytes(signature));
    }

    private static byte[] bytes(ByteBuffer stored) {
        if (!stored.hasRemaining()) {
            return MessageContent.NO_SEARCH_TEXT;
        }
        byte[] bytes = new byte[stored.remaining()];
        stored.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public void remove(String blobKey) {
        Cql.run("remove message content", () -> session.execute(delete.bind(blobKey)));
        Cql.run("remove search text", () -> session.execute(deleteText.bind(blobKey)));
    }
}
