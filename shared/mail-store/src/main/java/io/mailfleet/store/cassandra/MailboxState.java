package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.MailboxCounters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The static columns of a mailbox's partition: the next UID, the highest MODSEQ and the exact
 * counters. Every change of the mailbox is a conditional batch guarded by {@link #advance}: it
 * applies only if none of these values moved since they were read, which serialises writers
 * per mailbox without locks. Every change advances {@code highestModSeq}, so a guard that holds
 * also proves that no message row changed since the state was read: rows read after the state
 * need no conditions of their own.
 *
 * <p>{@code uidBlocks}, set when the state is created, says that the mailbox keeps its compact UID map
 * ({@link UidBlocks}); a mailbox created before there was one gets it from the backfill of its first
 * open ({@link UidMapBackfill}). {@code flagBlocks} likewise says that it keeps its flag blocks
 * ({@link FlagBlocks}, {@link FlagBlocksBackfill}). Both are part of the guard, so a change computed
 * without the map or the blocks cannot land once a backfill made them.
 */
record MailboxState(long nextUid, long highestModSeq, long messages, long unseen, long bytes, boolean uidBlocks,
                    boolean flagBlocks) {

    static final MailboxState EMPTY = new MailboxState(1, 1, 0, 0, 0, true, true);

    /** The static columns {@link #of} reads, for a read of rows that brings the state with them. */
    static final String COLUMNS = "next_uid, highest_modseq, message_count, unseen_count, total_bytes, uid_blocks, flag_blocks";

    /** The state after appending {@code count} messages of {@code size} octets in all, in one change. */
    MailboxState append(long count, long unseenCount, long size) {
        return new MailboxState(nextUid + count, highestModSeq + 1, messages + count, unseen + unseenCount, bytes + size,
                uidBlocks, flagBlocks);
    }

    MailboxState change(long unseenDelta) {
        return change(1, unseenDelta);
    }

    /** The state after changing the flags of {@code count} messages, each under a MODSEQ of its own. */
    MailboxState change(int count, long unseenDelta) {
        return new MailboxState(nextUid, highestModSeq + count, messages, unseen + unseenDelta, bytes, uidBlocks, flagBlocks);
    }

    MailboxState remove(long count, long unseenCount, long size) {
        return new MailboxState(nextUid, highestModSeq + 1, messages - count, unseen - unseenCount, bytes - size, uidBlocks,
                flagBlocks);
    }

    /** The state in the static columns of {@code row}, a row of a read that selected them; null when the mailbox has none yet. */
    static MailboxState of(Row row) {
        if (row.isNull("next_uid")) {
            return null;
        }
        return new MailboxState(row.getLong("next_uid"), row.getLong("highest_modseq"), row.getLong("message_count"),
                row.getLong("unseen_count"), row.getLong("total_bytes"), Statements.isTrue(row, "uid_blocks"),
                Statements.isTrue(row, "flag_blocks"));
    }

    MailboxCounters counters() {
        return new MailboxCounters(messages, unseen, bytes, Uid.of(nextUid), ModSeq.of(highestModSeq));
    }

    /** The prepared statements on the static columns, shared by the repositories of one session. */
    static final class Statements {
        /**
         * The condition of every change: the state as it was read, including whether the mailbox keeps its
         * UID map and flag blocks, so that a change read without them cannot land after a backfill made them.
         */
        private static final String GUARD = " IF next_uid = ? AND highest_modseq = ? AND message_count = ? AND unseen_count = ?"
                + " AND total_bytes = ? AND uid_blocks = ? AND flag_blocks = ?";

        /** Mailbox states read at once by {@link #counters(List)}. */
        private static final int READS_AT_ONCE = 32;

        private final CqlSession session;
        private final PreparedStatement select;
        private final PreparedStatement initialize;
        private final PreparedStatement advance;
        private final PreparedStatement keepUidBlocks;
        private final PreparedStatement keepFlagBlocks;

        Statements(CqlSession session) {
            this.session = session;
            this.select = session.prepare("SELECT next_uid, highest_modseq, message_count, unseen_count, total_bytes, uid_blocks,"
                    + " flag_blocks FROM mailbox_data WHERE mailbox_id = ? LIMIT 1");
            // A new mailbox has no move out of it: every intent of one will be marked (MoveMarks).
            this.initialize = session.prepare("INSERT INTO mailbox_data"
                    + " (mailbox_id, next_uid, highest_modseq, message_count, unseen_count, total_bytes, uid_blocks,"
                    + " flag_blocks, moves_marked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, true) IF NOT EXISTS");
            this.advance = session.prepare("UPDATE mailbox_data SET next_uid = ?, highest_modseq = ?,"
                    + " message_count = ?, unseen_count = ?, total_bytes = ? WHERE mailbox_id = ?" + GUARD);
            this.keepUidBlocks = session.prepare("UPDATE mailbox_data SET uid_blocks = true WHERE mailbox_id = ?" + GUARD);
            this.keepFlagBlocks = session.prepare("UPDATE mailbox_data SET flag_blocks = true WHERE mailbox_id = ?" + GUARD);
        }

        /** The current state; a mailbox whose creation was cut short gets its initial state here. */
        MailboxState read(MailboxId mailbox) {
            Row row = Cql.call("read mailbox state", () -> session.execute(select.bind(mailbox.value())).one());
            if (row == null || row.isNull("next_uid")) {
                initialize(mailbox);
                row = Cql.call("read mailbox state", () -> session.execute(select.bind(mailbox.value())).one());
            }
            return of(row);
        }

        /**
         * The current state, or null when the mailbox has none: it was deleted (its partition with it), as a
         * mailbox is given its state before any tree names it. Unlike {@link #read} it never makes one.
         */
        MailboxState readIfExists(MailboxId mailbox) {
            Row row = Cql.call("read mailbox state", () -> session.execute(select.bind(mailbox.value())).one());
            return row == null ? null : of(row);
        }

        /**
         * The counters of each of {@code mailboxes}, {@value #READS_AT_ONCE} read at once; a mailbox with no
         * state yet counts nothing (its state is made by its first change or open, not by this read).
         */
        Map<MailboxId, MailboxCounters> counters(List<MailboxId> mailboxes) {
            Map<MailboxId, MailboxCounters> counters = new LinkedHashMap<>();
            for (List<MailboxId> group : ConditionalChanges.chunks(mailboxes, READS_AT_ONCE)) {
                List<CompletableFuture<MailboxCounters>> reads = group.stream().map(mailbox -> session
                        .executeAsync(select.bind(mailbox.value())).toCompletableFuture().thenApply(rows -> {
                            Row row = rows.one();
                            return row == null || row.isNull("next_uid") ? EMPTY.counters() : new MailboxState(
                                    row.getLong("next_uid"), row.getLong("highest_modseq"), row.getLong("message_count"),
                                    row.getLong("unseen_count"), row.getLong("total_bytes"), false, false).counters();
                        })).toList();
                for (int i = 0; i < group.size(); i++) {
                    counters.put(group.get(i), Cql.await("read mailbox state", reads.get(i)));
                }
            }
            return counters;
        }

        private static boolean isTrue(Row row, String column) {
            return !row.isNull(column) && row.getBoolean(column);
        }

        void initialize(MailboxId mailbox) {
            Cql.run("initialize mailbox state", () -> session.execute(initialize.bind(mailbox.value(),
                    EMPTY.nextUid, EMPTY.highestModSeq, EMPTY.messages, EMPTY.unseen, EMPTY.bytes, EMPTY.uidBlocks, EMPTY.flagBlocks)));
        }

        /** The guard statement of a change from {@code from} to {@code to}. */
        BoundStatement advance(MailboxId mailbox, MailboxState from, MailboxState to) {
            return guarded(advance.bind(to.nextUid, to.highestModSeq, to.messages, to.unseen, to.bytes, mailbox.value()), 6, from);
        }

        /** The guard statement that, if the mailbox is still at {@code current}, says from now on it keeps its UID map. */
        BoundStatement keepUidBlocks(MailboxId mailbox, MailboxState current) {
            return guarded(keepUidBlocks.bind(mailbox.value()), 1, current);
        }

        /** The guard statement that, if the mailbox is still at {@code current}, says from now on it keeps its flag blocks. */
        BoundStatement keepFlagBlocks(MailboxId mailbox, MailboxState current) {
            return guarded(keepFlagBlocks.bind(mailbox.value()), 1, current);
        }

        /** {@code statement} with the values of {@link #GUARD} bound from {@code state}, from position {@code at}. */
        private static BoundStatement guarded(BoundStatement statement, int at, MailboxState state) {
            // A flag column is true or, for a mailbox from before it, null: never false.
            return statement.setLong(at, state.nextUid).setLong(at + 1, state.highestModSeq).setLong(at + 2, state.messages)
                    .setLong(at + 3, state.unseen).setLong(at + 4, state.bytes)
                    .set(at + 5, state.uidBlocks ? Boolean.TRUE : null, Boolean.class)
                    .set(at + 6, state.flagBlocks ? Boolean.TRUE : null, Boolean.class);
        }
    }
}
