package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.MessageId;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.StoredMessage;

/**
 * The prepared statements on the rows of a {@code mailbox_data} partition, by kind: 0 messages
 * (clustered by UID), 1 the expunge log and 3 the flag-change log (both by MODSEQ, the UID in
 * {@code expunged_uid}), 2 delivery receipts (by the two halves of their key's digest).
 */
final class MessageStatements {

    private static final String MESSAGE_COLUMNS = "seq, modseq, flags, message_id, blob_key, size, internal_date, save_date";
    private static final String MESSAGE_ROW = " WHERE mailbox_id = ? AND kind = 0 AND seq = ? AND expunged_uid = 0";

    final CqlSession session;
    final PreparedStatement insertMessage;
    final PreparedStatement setModSeqAddFlags;
    final PreparedStatement setModSeqRemoveFlags;
    final PreparedStatement removeFlags;
    final PreparedStatement deleteMessages;
    final PreparedStatement insertExpunged;
    final PreparedStatement insertChange;
    final PreparedStatement selectMessages;
    final PreparedStatement selectMessage;
    final PreparedStatement selectMessagesIn;
    final PreparedStatement selectRange;
    final PreparedStatement selectSearchRange;
    final PreparedStatement selectSignaturesIn;
    final PreparedStatement selectUids;
    final PreparedStatement selectFlags;
    final PreparedStatement selectUidBelow;
    final PreparedStatement selectUidAbove;
    final PreparedStatement selectExpunged;
    final PreparedStatement selectExpungedPage;
    final PreparedStatement selectChangesPage;
    final PreparedStatement selectLogged;
    final PreparedStatement selectContents;
    final PreparedStatement insertReceipt;
    final PreparedStatement selectReceipt;
    final PreparedStatement deleteMailbox;

    MessageStatements(CqlSession session) {
        this.session = session;
        // A new message is written as an update that adds its flags to the empty set: an INSERT of a
        // set overwrites it, which writes a collection tombstone into every message row.
        // A message without a text signature leaves its value unset, which writes nothing, not a null.
        this.insertMessage = session.prepare("UPDATE mailbox_data SET modseq = ?, flags = flags + ?, message_id = ?,"
                + " blob_key = ?, size = ?, internal_date = ?, save_date = ?, text_signature = ?" + MESSAGE_ROW);
        // Flags change by adding and removing elements, never by overwriting the set: an overwrite
        // leaves a tombstone in the row each time, and +FLAGS, the common STORE, then leaves none.
        this.setModSeqAddFlags = session.prepare("UPDATE mailbox_data SET modseq = ?, flags = flags + ?" + MESSAGE_ROW);
        this.setModSeqRemoveFlags = session.prepare("UPDATE mailbox_data SET modseq = ?, flags = flags - ?" + MESSAGE_ROW);
        this.removeFlags = session.prepare("UPDATE mailbox_data SET flags = flags - ?" + MESSAGE_ROW);
        this.deleteMessages = session.prepare("DELETE FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq >= ? AND seq <= ?");
        this.insertExpunged = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid) VALUES (?, 1, ?, ?) USING TTL ?");
        this.insertChange = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid) VALUES (?, 3, ?, ?) USING TTL ?");
        this.selectMessages = session.prepare("SELECT " + MESSAGE_COLUMNS + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0");
        this.selectMessage = session.prepare("SELECT " + MESSAGE_COLUMNS + " FROM mailbox_data" + MESSAGE_ROW);
        this.selectMessagesIn = session.prepare("SELECT " + MESSAGE_COLUMNS
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq IN ?");
        this.selectRange = session.prepare("SELECT " + MESSAGE_COLUMNS
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq >= ? AND seq <= ? LIMIT ?");
        this.selectSearchRange = session.prepare("SELECT " + MESSAGE_COLUMNS + ", text_signature"
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq >= ? AND seq <= ? LIMIT ?");
        this.selectSignaturesIn = session.prepare("SELECT seq, text_signature"
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq IN ?");
        this.selectUids = session.prepare("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind = 0");
        this.selectFlags = session.prepare("SELECT seq, modseq, flags FROM mailbox_data WHERE mailbox_id = ? AND kind = 0");
        this.selectUidBelow = session.prepare("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq < ?"
                + " ORDER BY kind DESC, seq DESC LIMIT 1");
        this.selectUidAbove = session.prepare("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq > ? LIMIT 1");
        this.selectExpunged = session.prepare("SELECT seq, expunged_uid FROM mailbox_data WHERE mailbox_id = ? AND kind = 1 AND seq > ?");
        this.selectExpungedPage = session.prepare("SELECT seq, expunged_uid FROM mailbox_data"
                + " WHERE mailbox_id = ? AND kind = 1 AND seq > ? LIMIT ?");
        this.selectChangesPage = session.prepare("SELECT seq, expunged_uid FROM mailbox_data"
                + " WHERE mailbox_id = ? AND kind = 3 AND seq > ? LIMIT ?");
        this.selectLogged = session.prepare("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind IN (1, 3) AND seq = ? LIMIT 1");
        this.selectContents = session.prepare("SELECT blob_key, size, envelope, body_structure, header_index, sections"
                + " FROM message_content WHERE blob_key IN ?");
        this.insertReceipt = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, delivery_key,"
                + " delivered_uid, modseq) VALUES (?, 2, ?, ?, ?, ?, ?) USING TTL "
                + MessageRepository.RECEIPT_LIFETIME.toSeconds());
        this.selectReceipt = session.prepare("SELECT delivery_key, delivered_uid, modseq FROM mailbox_data"
                + " WHERE mailbox_id = ? AND kind = 2 AND seq = ? AND expunged_uid = ?");
        this.deleteMailbox = session.prepare("DELETE FROM mailbox_data WHERE mailbox_id = ?");
    }

    /** A message row read with the message columns. */
    static StoredMessage message(Row row) {
        return new StoredMessage(Uid.of(row.getLong("seq")), ModSeq.of(row.getLong("modseq")),
                Flags.parse(row.getSet("flags", String.class)), MessageId.parse(row.getString("message_id")),
                row.getString("blob_key"), row.getLong("size"), row.getInstant("internal_date"),
                row.getInstant("save_date"));
    }
}
