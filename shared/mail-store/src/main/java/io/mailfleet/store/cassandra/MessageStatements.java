package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import io.mailfleet.model.MessageId;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.SortFacts;
import io.mailfleet.store.mailbox.SortFields;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.store.mailbox.TextRow;
import io.mailfleet.store.mailbox.ThreadFields;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The prepared statements on the rows of a {@code mailbox_data} partition, by kind: 0 messages
 * (clustered by UID), 1 the expunge log and 3 the flag-change log (both by MODSEQ, the UID in
 * {@code expunged_uid}), 2 delivery receipts (by the two halves of their key's digest), 7 first-copy claims
 * (by the first two eighths of their client digest).
 */
final class MessageStatements {

    /**
     * The codecs of the collection columns read with every message row. {@code getSet(name, String.class)} asks the
     * codec registry with a generic type it builds by reflection at each call: most of what decoding a row cost, a
     * third of the gateway's time in a body search over 10,000 rows.
     */
    static final TypeCodec<Set<String>> TEXT_SET = TypeCodecs.setOf(TypeCodecs.TEXT);
    static final TypeCodec<List<String>> TEXT_LIST = TypeCodecs.listOf(TypeCodecs.TEXT);

    private static final String MESSAGE_COLUMNS = "seq, modseq, flags, message_id, blob_key, size, internal_date, save_date";
    /** The sort keys of migration 015, read by SORT and by the reads that copy a row. */
    private static final String SORT_COLUMNS = "sent_date, sort_subject, sort_from, sort_to, sort_cc, sort_display_from,"
            + " sort_display_to";
    /** The threading facts of migration 017, read by THREAD with the sort keys and by the reads that copy a row. */
    private static final String THREAD_COLUMNS = "thread_message_id, thread_parents, thread_reply";
    /** What a copy of a row keeps besides its message columns: the sort keys, threading facts and text signature (016). */
    private static final String KEPT_BY_COPIES = SORT_COLUMNS + ", " + THREAD_COLUMNS + ", text_signature";
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
    final PreparedStatement selectCopiedIn;
    final PreparedStatement selectCopiedRange;
    final PreparedStatement selectSortFacts;
    final PreparedStatement selectThreadFacts;
    final PreparedStatement selectSearchRange;
    /** The columns of a {@link TextRow}, read by their places in this order. */
    final PreparedStatement selectTextRange;
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
    /** The receipts of a group of delivery keys, and the first-copy claims of their messages, in one read, by the clustering keys of their rows. */
    final PreparedStatement selectReceipts;
    /** A first-copy claim, with the time to live of its window. */
    final PreparedStatement insertClaim;
    /** Message rows and UID map blocks in one read, by the clustering keys of their rows: what an expunge changes. */
    final PreparedStatement selectRowsAndUidBlocks;
    /**
     * Flag blocks, message rows and UID map blocks in one read, by the clustering keys of their rows, each row with the
     * mailbox state: what an expunge of messages marked {@code \Deleted} reads before its change.
     */
    final PreparedStatement selectBlocksAndRows;
    final PreparedStatement deleteMailbox;

    MessageStatements(CqlSession session) {
        this.session = session;
        // A new message is written as an update that adds its flags to the empty set: an INSERT of a
        // set overwrites it, which writes a collection tombstone into every message row.
        this.insertMessage = session.prepare("UPDATE mailbox_data SET modseq = ?, flags = flags + ?, message_id = ?,"
                + " blob_key = ?, size = ?, internal_date = ?, save_date = ?, sent_date = ?, sort_subject = ?, sort_from = ?,"
                + " sort_to = ?, sort_cc = ?, sort_display_from = ?, sort_display_to = ?, thread_message_id = ?,"
                + " thread_parents = ?, thread_reply = ?, text_signature = ?" + MESSAGE_ROW);
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
        this.selectCopiedIn = session.prepare("SELECT " + MESSAGE_COLUMNS + ", " + KEPT_BY_COPIES
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq IN ?");
        this.selectCopiedRange = session.prepare("SELECT " + MESSAGE_COLUMNS + ", " + KEPT_BY_COPIES
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq >= ? AND seq <= ? LIMIT ?");
        this.selectSortFacts = session.prepare("SELECT seq, blob_key, size, internal_date, " + SORT_COLUMNS
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq >= ? AND seq <= ? LIMIT ?");
        this.selectThreadFacts = session.prepare("SELECT seq, blob_key, size, internal_date, " + SORT_COLUMNS + ", "
                + THREAD_COLUMNS + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq >= ? AND seq <= ? LIMIT ?");
        this.selectSearchRange = session.prepare("SELECT " + MESSAGE_COLUMNS + ", text_signature"
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq >= ? AND seq <= ? LIMIT ?");
        this.selectTextRange = session.prepare("SELECT seq, blob_key, size, text_signature"
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 0 AND seq >= ? AND seq <= ? LIMIT ?");
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
        this.selectReceipts = session.prepare("SELECT kind, seq, expunged_uid, delivery_key, client_digest, message_id,"
                + " delivered_uid, modseq FROM mailbox_data WHERE mailbox_id = ? AND (kind, seq, expunged_uid) IN ?");
        this.insertClaim = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, client_digest,"
                + " message_id, delivered_uid, modseq) VALUES (?, 7, ?, ?, ?, ?, ?, ?) USING TTL ?");
        this.selectRowsAndUidBlocks = session.prepare("SELECT kind, " + MESSAGE_COLUMNS + ", uid_bits FROM mailbox_data"
                + " WHERE mailbox_id = ? AND (kind, seq, expunged_uid) IN ?");
        this.selectBlocksAndRows = session.prepare("SELECT kind, " + MESSAGE_COLUMNS + ", uid_bits, flag_entries, "
                + MailboxState.COLUMNS + " FROM mailbox_data WHERE mailbox_id = ? AND (kind, seq, expunged_uid) IN ?");
        this.deleteMailbox = session.prepare("DELETE FROM mailbox_data WHERE mailbox_id = ?");
    }

    /** A message row read with the message columns, and with what a copy keeps (sort keys, text signature) when read to copy it. */
    static StoredMessage message(Row row) {
        boolean toCopy = row.getColumnDefinitions().contains("sent_date");
        return new StoredMessage(Uid.of(row.getLong("seq")), ModSeq.of(row.getLong("modseq")),
                Flags.parse(row.get("flags", TEXT_SET)), MessageId.parse(row.getString("message_id")),
                row.getString("blob_key"), row.getLong("size"), row.getInstant("internal_date"),
                row.getInstant("save_date"), toCopy ? sortFields(row) : null, toCopy ? textSignature(row) : null);
    }

    /** What SORT reads of a message row, and THREAD with the threading facts. */
    static SortFacts sortFacts(Row row) {
        return new SortFacts(Uid.of(row.getLong("seq")), row.getString("blob_key"), row.getLong("size"),
                row.getInstant("internal_date"), sortFields(row));
    }

    /**
     * The sort keys of a row read with them, or null for a row written before the store kept them; with the
     * threading facts when the row was read with them and keeps them.
     */
    private static SortFields sortFields(Row row) {
        Instant sent = row.getInstant("sent_date");
        return sent == null ? null : new SortFields(sent, row.getString("sort_subject"), row.getString("sort_from"),
                row.getString("sort_to"), row.getString("sort_cc"), row.getString("sort_display_from"),
                row.getString("sort_display_to"), threadFields(row));
    }

    /** The threading facts of a row read with them, or null for a row without them or read without them. */
    private static ThreadFields threadFields(Row row) {
        if (!row.getColumnDefinitions().contains("thread_message_id") || row.isNull("thread_message_id")) {
            return null;
        }
        // An empty list is never written, and reads back as a missing cell: an empty list.
        return new ThreadFields(row.getString("thread_message_id"), row.get("thread_parents", TEXT_LIST),
                row.getBoolean("thread_reply"));
    }

    /**
     * A row read by {@link #selectTextRange}, its columns by their places and decoded by the codecs of their types
     * ({@code bigint}, {@code text}, {@code bigint}, {@code blob}): {@code getLong(i)} and the like ask the codec
     * registry for a codec at every call, which a body search did for each of 10,000 rows, the first search of a
     * gateway in interpreted code on the driver's I/O thread.
     */
    static TextRow textRow(Row row) {
        ProtocolVersion version = row.protocolVersion();
        return new TextRow(Uid.of(TypeCodecs.BIGINT.decodePrimitive(row.getBytesUnsafe(0), version)),
                TypeCodecs.TEXT.decode(row.getBytesUnsafe(1), version),
                TypeCodecs.BIGINT.decodePrimitive(row.getBytesUnsafe(2), version), bytes(row.getBytesUnsafe(3)));
    }

    /** The text signature of a row read with it, or null for a row without one. */
    static byte[] textSignature(Row row) {
        return bytes(row.getByteBuffer("text_signature"));
    }

    private static byte[] bytes(ByteBuffer stored) {
        if (stored == null) {
            return null;
        }
        byte[] bytes = new byte[stored.remaining()];
        stored.duplicate().get(bytes);
        return bytes;
    }

    /**
     * Binds {@link #insertMessage}; a message without sort keys, threading facts, references or a text signature
     * leaves their columns unset rather than null, which would write a tombstone for each.
     */
    BoundStatement bindInsert(long modSeq, Set<String> flags, NewMessage message, Instant saveDate, UUID mailbox, long uid) {
        BoundStatement bound = insertMessage.bind(modSeq, flags, message.messageId().toString(), message.blobKey(),
                message.size(), message.internalDate(), saveDate)
                .setUuid("mailbox_id", mailbox).setLong("seq", uid);
        SortFields keys = message.sortFields();
        if (keys != null) {
            bound = bound.setInstant("sent_date", keys.sentDate())
                    .setString("sort_subject", keys.subject()).setString("sort_from", keys.from())
                    .setString("sort_to", keys.to()).setString("sort_cc", keys.cc())
                    .setString("sort_display_from", keys.displayFrom()).setString("sort_display_to", keys.displayTo());
        }
        ThreadFields thread = keys == null ? null : keys.thread();
        if (thread != null) {
            bound = bound.setString("thread_message_id", thread.messageId()).setBoolean("thread_reply", thread.replyOrForward());
            if (!thread.parents().isEmpty()) {
                bound = bound.setList("thread_parents", thread.parents(), String.class);
            }
        }
        return message.textSignature() == null ? bound
                : bound.setByteBuffer("text_signature", ByteBuffer.wrap(message.textSignature()));
    }
}
