package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.DateFacts;

import java.nio.ByteBuffer;
import java.time.Instant;

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

    /** The facts kept in the cell of {@code uid}. */
    static DateFacts facts(long uid, ByteBuffer cell) {
        ByteBuffer in = cell.duplicate();
        Instant sent = Instant.ofEpochMilli(in.getLong());
        Instant internal = Instant.ofEpochMilli(in.getLong());
        return new DateFacts(Uid.of(uid), in.getLong(), internal, sent);
    }
}
