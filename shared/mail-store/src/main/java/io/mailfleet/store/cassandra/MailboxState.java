package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.MailboxCounters;

/**
 * The static columns of a mailbox's partition: the next UID, the highest MODSEQ and the exact
 * counters. Every change of the mailbox is a conditional batch guarded by {@link #advance}: it
 * applies only if none of these values moved since they were read, which serialises writers
 * per mailbox without locks. Every change advances {@code highestModSeq}, so a guard that holds
 * also proves that no message row changed since the state was read: rows read after the state
 * need no conditions of their own.
 *
 * <p>{@code uidBlocks}, set when the state is created and never changed, says that the mailbox keeps
 * its compact UID map ({@link UidBlocks}); a mailbox created before there was one has none.
 */
record MailboxState(long nextUid, long highestModSeq, long messages, long unseen, long bytes, boolean uidBlocks) {

    static final MailboxState EMPTY = new MailboxState(1, 1, 0, 0, 0, true);

    /** The state after appending {@code count} messages of {@code size} octets in all, in one change. */
    MailboxState append(long count, long unseenCount, long size) {
        return new MailboxState(nextUid + count, highestModSeq + 1, messages + count, unseen + unseenCount, bytes + size,
                uidBlocks);
    }

    MailboxState change(long unseenDelta) {
        return change(1, unseenDelta);
    }

    /** The state after changing the flags of {@code count} messages, each under a MODSEQ of its own. */
    MailboxState change(int count, long unseenDelta) {
        return new MailboxState(nextUid, highestModSeq + count, messages, unseen + unseenDelta, bytes, uidBlocks);
    }

    MailboxState remove(long count, long unseenCount, long size) {
        return new MailboxState(nextUid, highestModSeq + 1, messages - count, unseen - unseenCount, bytes - size, uidBlocks);
    }

    MailboxCounters counters() {
        return new MailboxCounters(messages, unseen, bytes, Uid.of(nextUid), ModSeq.of(highestModSeq));
    }

    /** The prepared statements on the static columns, shared by the repositories of one session. */
    static final class Statements {
        private final CqlSession session;
        private final PreparedStatement select;
        private final PreparedStatement initialize;
        private final PreparedStatement advance;
        private final PreparedStatement keepUidBlocks;

        Statements(CqlSession session) {
            this.session = session;
            this.select = session.prepare("SELECT next_uid, highest_modseq, message_count, unseen_count, total_bytes, uid_blocks"
                    + " FROM mailbox_data WHERE mailbox_id = ? LIMIT 1");
            this.initialize = session.prepare("INSERT INTO mailbox_data"
                    + " (mailbox_id, next_uid, highest_modseq, message_count, unseen_count, total_bytes, uid_blocks)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
            this.advance = session.prepare("UPDATE mailbox_data SET next_uid = ?, highest_modseq = ?,"
                    + " message_count = ?, unseen_count = ?, total_bytes = ? WHERE mailbox_id = ?"
                    + " IF next_uid = ? AND highest_modseq = ? AND message_count = ? AND unseen_count = ? AND total_bytes = ?");
            this.keepUidBlocks = session.prepare("UPDATE mailbox_data SET uid_blocks = true WHERE mailbox_id = ?"
                    + " IF next_uid = ? AND highest_modseq = ? AND message_count = ? AND unseen_count = ? AND total_bytes = ?");
        }

        /** The current state; a mailbox whose creation was cut short gets its initial state here. */
        MailboxState read(MailboxId mailbox) {
            Row row = Cql.call("read mailbox state", () -> session.execute(select.bind(mailbox.value())).one());
            if (row == null || row.isNull("next_uid")) {
                initialize(mailbox);
                row = Cql.call("read mailbox state", () -> session.execute(select.bind(mailbox.value())).one());
            }
            return new MailboxState(row.getLong("next_uid"), row.getLong("highest_modseq"), row.getLong("message_count"),
                    row.getLong("unseen_count"), row.getLong("total_bytes"), !row.isNull("uid_blocks") && row.getBoolean("uid_blocks"));
        }

        void initialize(MailboxId mailbox) {
            Cql.run("initialize mailbox state", () -> session.execute(initialize.bind(mailbox.value(),
                    EMPTY.nextUid, EMPTY.highestModSeq, EMPTY.messages, EMPTY.unseen, EMPTY.bytes, EMPTY.uidBlocks)));
        }

        /** The guard statement of a change from {@code from} to {@code to}. */
        BoundStatement advance(MailboxId mailbox, MailboxState from, MailboxState to) {
            return advance.bind(to.nextUid, to.highestModSeq, to.messages, to.unseen, to.bytes, mailbox.value(),
                    from.nextUid, from.highestModSeq, from.messages, from.unseen, from.bytes);
        }

        /** The guard statement that, if the mailbox is still at {@code current}, says from now on it keeps its UID map. */
        BoundStatement keepUidBlocks(MailboxId mailbox, MailboxState current) {
            return keepUidBlocks.bind(mailbox.value(), current.nextUid, current.highestModSeq, current.messages, current.unseen,
                    current.bytes);
        }
    }
}
