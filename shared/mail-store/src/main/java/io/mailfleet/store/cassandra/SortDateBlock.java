package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.DateFacts;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * How a mailbox's sort dates are laid out (kind 6 of {@code mailbox_data}, migration 021): a row per {@value #BLOCK_UIDS}
 * UIDs, seq = the block's number, whose {@code sort_date_cells} map has a cell per message, keyed by its UID: the
 * message's sent date and internal date in epoch milliseconds and its size, 24 bytes. A cell is written once, with
 * the message or by the first read that lacked it, and never changes: a message's dates and size never do.
 */
final class SortDateBlock {

    static final int BLOCK_UIDS = 4096;
    private static final int CELL = 3 * Long.BYTES;

    private SortDateBlock() {
    }

    static long blockOf(long uid) {
        return uid / BLOCK_UIDS;
    }

    /** The cell of a message with a sent date. */
    static ByteBuffer cell(DateFacts facts) {
        return ByteBuffer.allocate(CELL).putLong(facts.sentDate().toEpochMilli()).putLong(facts.internalDate().toEpochMilli())
                .putLong(facts.size()).flip();
    }

    /**
     * Puts the facts of the cells of one block's {@code sort_date_cells}, as the native protocol sends a map (an int
     * count, then each key and value as an int length and its bytes), at the place of their UIDs among the ascending
     * {@code uids}; cells of other UIDs are skipped. Read from the bytes rather than decoded into a map first: a
     * block's 4,096 entries are decoded at each SORT, and a mailbox's first SORT runs this code cold.
     */
    static void putCells(ByteBuffer serialized, long[] uids, DateFacts[] found) {
        ByteBuffer in = serialized.duplicate();
        for (int count = in.getInt(); count > 0; count--) {
            in.getInt();
            long uid = in.getLong();
            int length = in.getInt();
            int at = Arrays.binarySearch(uids, uid);
            if (at >= 0 && length == CELL) {
                Instant sent = Instant.ofEpochMilli(in.getLong());
                Instant internal = Instant.ofEpochMilli(in.getLong());
                found[at] = new DateFacts(Uid.of(uid), in.getLong(), internal, sent);
            } else {
                in.position(in.position() + length);
            }
        }
    }
}
