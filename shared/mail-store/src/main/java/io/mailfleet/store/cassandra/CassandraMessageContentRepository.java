package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageContentRepository;

import java.util.Optional;

public final class CassandraMessageContentRepository implements MessageContentRepository {

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
        return Optional.ofNullable(row).map(r -> new MessageContent(r.getString("blob_key"), r.getLong("size"),
                r.getString("envelope"), r.getString("body_structure"), r.getString("header_index"),
                r.getString("sections"), r.getString("preview")));
    }

    @Override
    public void remove(String blobKey) {
        Cql.run("remove message content", () -> session.execute(delete.bind(blobKey)));
    }
}
