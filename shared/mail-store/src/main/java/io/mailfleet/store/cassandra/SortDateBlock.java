package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.DateFacts;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a mailbox's sort dates (kind 6 of {@code mailbox_data}, migration 018): the {@link DateFacts} of the
 * messages whose UIDs fall in its {@value #BLOCK_UIDS} and that were there when it was written, in UID order, and
 * the highest UID it covers ({@code upTo}): every UID from the block's first to {@code upTo} that a message has now
 * is in it. Stored as a format byte, {@code upTo}, the count, then 28 bytes a message (its UID's offset in the
 * block, sent date and internal date in epoch milliseconds, size): 112 KiB for a full block.
 */
record SortDateBlock(long number, long upTo, List<DateFacts> entries) {

    static final int BLOCK_UIDS = 4096;
    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + Long.BYTES + Integer.BYTES;
    private static final int ENTRY = Integer.BYTES + 3 * Long.BYTES;

    static long blockOf(long uid) {
        return uid / BLOCK_UIDS;
    }

    static long firstUid(long number) {
        return number * BLOCK_UIDS;
    }

    static long lastUid(long number) {
        return firstUid(number) + BLOCK_UIDS - 1;
    }

    /** The block as stored; every entry has a sent date. */
    ByteBuffer encoded() {
        ByteBuffer out = ByteBuffer.allocate(HEADER + ENTRY * entries.size());
        out.put(FORMAT).putLong(upTo).putInt(entries.size());
        for (DateFacts entry : entries) {
            out.putInt((int) (entry.uid().value() - firstUid(number)))
                    .putLong(entry.sentDate().toEpochMilli())
                    .putLong(entry.internalDate().toEpochMilli())
                    .putLong(entry.size());
        }
        return out.flip();
    }

    /** The block stored as {@code stored}, or null for one in a format this version does not know, which is made again. */
    static SortDateBlock decoded(long number, ByteBuffer stored) {
        ByteBuffer in = stored.duplicate();
        if (in.remaining() < HEADER || in.get() != FORMAT) {
            return null;
        }
        long upTo = in.getLong();
        int count = in.getInt();
        List<DateFacts> entries = new ArrayList<>(count);
        long first = firstUid(number);
        for (int i = 0; i < count; i++) {
            Uid uid = Uid.of(first + in.getInt());
            Instant sent = Instant.ofEpochMilli(in.getLong());
            Instant internal = Instant.ofEpochMilli(in.getLong());
            entries.add(new DateFacts(uid, in.getLong(), internal, sent));
        }
        return new SortDateBlock(number, upTo, entries);
    }
}
