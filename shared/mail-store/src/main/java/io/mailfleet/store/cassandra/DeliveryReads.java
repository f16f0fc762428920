package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.TupleType;
import io.mailfleet.model.mailbox.MailboxId;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a delivery or an append reads before its change, in one request when this process saw the mailbox before:
 * the mailbox state, the receipts and first-copy claims of a delivery's messages, and the blocks of the UID map and
 * flag blocks that the new UIDs go into. All are rows of the mailbox's own partition, read by one single-partition
 * read, which a replica answers from one view of the partition: a receipt or claim missing from it was not
 * written at the state it came with, and a change that writes one later also moves that state, so the change
 * guarded by it cannot apply on top. The blocks' numbers are guessed from the next UID this process last saw
 * there ({@link NextUids}); a guess that turns out short of the UIDs the change takes leaves the blocks to be
 * read after the state, and a mailbox this process has not seen, or a read that finds none of its rows,
 * leaves everything to the reads one after the other.
 */
final class DeliveryReads {

    /** Rows of {@code mailbox_data} by kind: receipts, UID map blocks, flag blocks, first-copy claims. */
    static final byte RECEIPT = 2;
    static final byte UID_BLOCK = 4;
    static final byte FLAG_BLOCK = 5;
    static final byte CLAIM = 7;

    /** UIDs other writers may have taken since this process last wrote a mailbox, still covered by the guessed blocks. */
    static final int UIDS_TAKEN_MEANWHILE = 50;
    /** Larger than any read here (receipts and claims of a change, a few blocks), so that a read is one page. */
    private static final int PAGE = 1_000;

    /** What one read found: the state, and the rows read at it. */
    record View(MailboxState state, List<Row> rows, Map<Long, byte[]> uidBlocks, Map<Long, FlagBlock> flagBlocks,
                long guessedFrom, long guessedTo) {

        /** Whether the blocks read are every block that UIDs {@code next} to {@code next + count - 1} may go into. */
        boolean coversNewUids(int count) {
            return state.nextUid() >= guessedFrom && state.nextUid() + count <= guessedTo;
        }
    }

    private final CqlSession session;
    private final PreparedStatement select;
    private final TupleType rowKey;
    private final NextUids nextUids;

    DeliveryReads(CqlSession session, NextUids nextUids) {
        this.session = session;
        this.nextUids = nextUids;
        this.select = session.prepare("SELECT kind, seq, expunged_uid, delivery_key, client_digest, message_id, delivered_uid,"
                + " modseq, uid_bits, flag_entries, " + MailboxState.COLUMNS + " FROM mailbox_data"
                + " WHERE mailbox_id = ? AND (kind, seq, expunged_uid) IN ?");
        this.rowKey = (TupleType) ((ListType) select.getVariableDefinitions().get(1).getType()).getElementType();
    }

    /** The next UID a change of this process left the mailbox with. */
    void remember(MailboxId mailbox, long nextUid) {
        nextUids.remember(mailbox, nextUid);
    }

    /**
     * One read of the state, the given receipts and claims (none for an append), and the blocks {@code count} new
     * UIDs would go into; null when this process has no next UID of the mailbox to guess the blocks from, or the read
     * found no row (and so no state).
     *
     * @param receipts the receipts' slots, (seq, expunged_uid) each
     * @param claims the claims' slots, likewise
     */
    View read(MailboxId mailbox, List<List<Long>> receipts, List<List<Long>> claims, int count) {
        Long known = nextUids.known(mailbox);
        if (known == null) {
            return null;
        }
        long from = known;
        long to = known + count + UIDS_TAKEN_MEANWHILE;
        List<TupleValue> keys = new ArrayList<>();
        receipts.stream().distinct().forEach(slot -> keys.add(rowKey.newValue(RECEIPT, slot.get(0), slot.get(1))));
        claims.stream().distinct().forEach(slot -> keys.add(rowKey.newValue(CLAIM, slot.get(0), slot.get(1))));
        for (long block = from >>> UidBlocks.SHIFT; block <= (to - 1) >>> UidBlocks.SHIFT; block++) {
            keys.add(rowKey.newValue(UID_BLOCK, block, 0L));
        }
        for (long block = FlagBlock.blockOf(from); block <= FlagBlock.blockOf(to - 1); block++) {
            keys.add(rowKey.newValue(FLAG_BLOCK, block, 0L));
        }
        ResultSet rows = Cql.call("read the mailbox before a delivery", () -> session.execute(select.bind(mailbox.value(), keys)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).setPageSize(PAGE)));
        // A second page would be another view of the partition; and without a row there is no state.
        if (!rows.isFullyFetched()) {
            return null;
        }
        List<Row> all = rows.all();
        if (all.isEmpty()) {
            return null;
        }
        MailboxState state = MailboxState.of(all.get(0));
        if (state == null) {
            return null;
        }
        Map<Long, byte[]> uidBlocks = new TreeMap<>();
        Map<Long, FlagBlock> flagBlocks = new TreeMap<>();
        for (Row row : all) {
            byte kind = row.getByte("kind");
            long block = row.getLong("seq");
            if (kind == UID_BLOCK && !row.isNull("uid_bits")) {
                uidBlocks.put(block, bytes(row.getByteBuffer("uid_bits")));
            } else if (kind == FLAG_BLOCK && !row.isNull("flag_entries")) {
                flagBlocks.put(block, FlagBlock.decode(block, row.getByteBuffer("flag_entries")));
            }
        }
        return new View(state, all, uidBlocks, flagBlocks, from, to);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
