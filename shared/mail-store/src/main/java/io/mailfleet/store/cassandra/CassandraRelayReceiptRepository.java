package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.MessageId;
import io.mailfleet.store.relay.RelayOutcome;
import io.mailfleet.store.relay.RelayReceiptRepository;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Relay receipts in {@code relay_receipts}, one partition per message. */
public final class CassandraRelayReceiptRepository implements RelayReceiptRepository {

    private final CqlSession session;
    private final PreparedStatement select;
    private final PreparedStatement insert;

    public CassandraRelayReceiptRepository(CqlSession session) {
        this.session = session;
        this.select = session.prepare("SELECT recipient, outcome FROM relay_receipts WHERE message_id = ?");
        this.insert = session.prepare("INSERT INTO relay_receipts (message_id, recipient, outcome, finished_at) VALUES (?, ?, ?, ?)");
    }

    @Override
    public Map<String, RelayOutcome> finished(MessageId messageId) {
        return Cql.call("read relay receipts", () -> {
            Map<String, RelayOutcome> finished = new HashMap<>();
            for (Row row : session.execute(select.bind(messageId.toString()))) {
                finished.put(row.getString("recipient"), RelayOutcome.valueOf(row.getString("outcome")));
            }
            return finished;
        });
    }

    @Override
    public void record(MessageId messageId, String recipient, RelayOutcome outcome) {
        Cql.run("write relay receipt", () -> session.execute(insert.bind(messageId.toString(), recipient, outcome.name(), Instant.now())));
    }
}
