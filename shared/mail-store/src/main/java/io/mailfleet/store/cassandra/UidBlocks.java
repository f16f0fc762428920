package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.UidList;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The compact UID map of a mailbox (kind 4 of {@code mailbox_data}): a bit per UID in blocks of
 * {@value #BLOCK_UIDS}, so that opening a mailbox reads a row per block, not per message. A change
 * reads the blocks it touches after reading the mailbox state, or with it, and writes them back in its
 * guarded batch: when the guard holds, no other change wrote them in between.
 */
final class UidBlocks {

    static final int BLOCK_UIDS = 4096;
    static final int SHIFT = 12;

    private final CqlSession session;
    private final PreparedStatement selectAll;
    private final PreparedStatement selectAllWithState;
    private final PreparedStatement selectSome;
    private final PreparedStatement selectRange;
    private final PreparedStatement selectLast;
    private final PreparedStatement write;
    private final PreparedStatement delete;

    UidBlocks(CqlSession session) {
        this.session = session;
        this.selectAll = session.prepare("SELECT seq, uid_bits FROM mailbox_data WHERE mailbox_id = ? AND kind = 4");
        this.selectAllWithState = session.prepare("SELECT seq, uid_bits, " + MailboxState.COLUMNS + ", " + MoveMarks.COLUMNS
                + " FROM mailbox_data WHERE mailbox_id = ? AND kind = 4");
        this.selectRange = session.prepare("SELECT seq, uid_bits FROM mailbox_data WHERE mailbox_id = ? AND kind = 4"
                + " AND seq >= ? AND seq <= ?");
        this.selectSome = session.prepare("SELECT seq, uid_bits FROM mailbox_data WHERE mailbox_id = ? AND kind = 4 AND seq IN ?");
        this.selectLast = session.prepare("SELECT seq, uid_bits, " + MailboxState.COLUMNS + " FROM mailbox_data"
                + " WHERE mailbox_id = ? AND kind = 4 ORDER BY kind DESC, seq DESC LIMIT 1");
        this.write = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, uid_bits) VALUES (?, 4, ?, 0, ?)");
        this.delete = session.prepare("DELETE FROM mailbox_data WHERE mailbox_id = ? AND kind = 4 AND seq = ? AND expunged_uid = 0");
    }

    /** Blocks by number, read with the mailbox state the same read saw them at (null when it found no block). */
    record Read(Map<Long, byte[]> blocks, MailboxState state) {
    }

    /**
     * The map's last block, the one of the mailbox's highest UID, with the state the same read saw it at; no
     * block and no state when the map has none. The UIDs an append adds are above every UID of the mailbox,
     * so their blocks are this one or blocks that have no row.
     */
    CompletableFuture<Read> readLastAsync(MailboxId mailbox) {
        return Cql.call("read UID map", () -> session.executeAsync(selectLast.bind(mailbox.value())).toCompletableFuture())
                .thenApply(rows -> {
                    Row row = rows.one();
                    if (row == null) {
                        return new Read(Map.of(), null);
                    }
                    ByteBuffer bits = row.getByteBuffer("uid_bits");
                    return new Read(bits == null ? Map.of() : Map.of(row.getLong("seq"), toArray(bits)), MailboxState.of(row));
                });
    }

    /** The UIDs below {@code nextUid}, in ascending order, without waiting for them. */
    CompletableFuture<UidList> readAsync(MailboxId mailbox, long nextUid) {
        UidList.Builder uids = new UidList.Builder();
        return Cql.call("read UID map", () -> session.executeAsync(selectAll.bind(mailbox.value())).toCompletableFuture())
                .thenCompose(page -> addPages(page, nextUid, uids))
                .thenApply(done -> uids.build());
    }

    /** The UIDs of a mailbox's map, with the state that bounds them and the marks of the moves out of it. */
    record Opened(MailboxState state, UidList uids, MoveMarks moves) {
    }

    /**
     * The mailbox state and the UIDs below its next UID, without waiting for them, in one read: each row of the map
     * brings the partition's static columns, and a replica answers a page from one view of the partition, so the
     * first page's blocks are those of its state and the state needs no request of its own. Null when the map has no
     * block, which leaves the state unread, and when the state says the mailbox keeps no map: blocks there are what a
     * backfill cut short left. A block of a later page may hold UIDs appended since, as one read after the state does:
     * they are above its next UID and left out. The marks of moves out of the mailbox are static columns too, and come
     * with the state.
     */
    CompletableFuture<Opened> readWithStateAsync(MailboxId mailbox) {
        return Cql.call("read UID map", () -> session.executeAsync(selectAllWithState.bind(mailbox.value())).toCompletableFuture())
                .thenCompose(page -> {
                    Row first = page.one();
                    MailboxState state = first == null ? null : MailboxState.of(first);
                    if (state == null || !state.uidBlocks()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    UidList.Builder uids = new UidList.Builder();
                    addUids(first, state.nextUid(), uids);
                    MoveMarks moves = MoveMarks.of(first);
                    return addPages(page, state.nextUid(), uids).thenApply(done -> new Opened(state, uids.build(), moves));
                });
    }

    /** Adds the UIDs below {@code nextUid} of the map's blocks from number {@code from} on to {@code uids}, in order. */
    CompletableFuture<Void> addFrom(MailboxId mailbox, long from, long nextUid, UidList.Builder uids) {
        return Cql.call("read UID map", () -> session.executeAsync(selectRange.bind(mailbox.value(), from, (nextUid - 1) >>> SHIFT))
                .toCompletableFuture()).thenCompose(page -> addPages(page, nextUid, uids));
    }

    /** Adds the UIDs of {@code page} and of the pages after it below {@code nextUid} to {@code uids}. */
    private static CompletableFuture<Void> addPages(AsyncResultSet page, long nextUid, UidList.Builder uids) {
        for (Row row : page.currentPage()) {
            addUids(row, nextUid, uids);
        }
        return page.hasMorePages() ? page.fetchNextPage().toCompletableFuture().thenCompose(next -> addPages(next, nextUid, uids))
                : CompletableFuture.completedFuture(null);
    }

    private static void addUids(Row row, long nextUid, UidList.Builder uids) {
        ByteBuffer bits = row.getByteBuffer("uid_bits");
        if (bits != null) {
            addUids(row.getLong("seq"), toArray(bits), nextUid, uids);
        }
    }

    /** Up to {@code max} UIDs of the map from {@code first} to {@code last}, ascending, read from the blocks that hold them. */
    long[] uidsIn(MailboxId mailbox, long first, long last, int max) {
        long[] found = new long[max];
        int count = 0;
        if (first <= last) {
            for (Row row : Cql.call("read UID map", () -> session.execute(selectRange.bind(mailbox.value(), first >>> SHIFT, last >>> SHIFT)))) {
                ByteBuffer bits = row.getByteBuffer("uid_bits");
                if (bits != null) {
                    count = collect(row.getLong("seq"), toArray(bits), first, last, found, count);
                }
                if (count == max) {
                    break;
                }
            }
        }
        return count == max ? found : Arrays.copyOf(found, count);
    }

    /** Adds the UIDs of block number {@code block} from {@code first} to {@code last} to {@code found}, while it has room. */
    static int collect(long block, byte[] bits, long first, long last, long[] found, int count) {
        long base = block << SHIFT;
        for (int octet = 0; octet < bits.length && count < found.length; octet++) {
            int value = bits[octet] & 0xff;
            while (value != 0 && count < found.length) {
                long uid = base + octet * 8L + Integer.numberOfTrailingZeros(value);
                if (uid > last) {
                    return count;
                }
                if (uid >= first) {
                    found[count++] = uid;
                }
                value &= value - 1;
            }
        }
        return count;
    }

    /** The numbers of the blocks that have a row now. */
    List<Long> blocksPresent(MailboxId mailbox) {
        return Cql.call("read UID map", () -> session.execute(selectAll.bind(mailbox.value())).all().stream()
                .map(row -> row.getLong("seq")).toList());
    }

    /** The statement that makes {@code bits} block number {@code block}, or removes the block's row when no bit is set. */
    BoundStatement put(MailboxId mailbox, long block, byte[] bits) {
        return bits.length == 0 ? delete.bind(mailbox.value(), block) : write.bind(mailbox.value(), block, ByteBuffer.wrap(bits));
    }

    /** The blocks of {@code uids}, by block number, each trimmed after its last set octet. */
    static Map<Long, byte[]> blocksOf(UidList uids) {
        Map<Long, List<Long>> byBlock = new TreeMap<>();
        for (int i = 0; i < uids.size(); i++) {
            long uid = uids.get(i).value();
            byBlock.computeIfAbsent(uid >>> SHIFT, block -> new ArrayList<>()).add(uid);
        }
        Map<Long, byte[]> blocks = new TreeMap<>();
        byBlock.forEach((block, inBlock) -> blocks.put(block, withBits(new byte[0], inBlock, true)));
        return blocks;
    }

    /**
     * The blocks that hold {@code uids} as they are now, by block number; a block without a row is left out.
     * Read without waiting: a change reads them together with the other rows it rewrites (its flag blocks,
     * its messages) rather than one after the other.
     */
    CompletableFuture<Map<Long, byte[]>> readAsync(MailboxId mailbox, Collection<Long> uids) {
        List<Long> blocks = uids.stream().map(uid -> uid >>> SHIFT).distinct().sorted().toList();
        if (blocks.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return Cql.call("read UID map", () -> session.executeAsync(selectSome.bind(mailbox.value(), blocks)
                .setPageSize(Math.max(100, blocks.size()))).toCompletableFuture()).thenApply(rows -> {
                    Map<Long, byte[]> found = new HashMap<>();
                    for (Row row : rows.currentPage()) {
                        ByteBuffer bits = row.getByteBuffer("uid_bits");
                        if (bits != null) {
                            found.put(row.getLong("seq"), toArray(bits));
                        }
                    }
                    return found;
                });
    }

    /** The statements that set ({@code present}) or clear the bits of {@code uids} in {@code current}, read by {@link #readAsync}. */
    List<BoundStatement> change(MailboxId mailbox, Map<Long, byte[]> current, Collection<Long> uids, boolean present) {
        Map<Long, List<Long>> byBlock = new TreeMap<>();
        for (long uid : uids) {
            byBlock.computeIfAbsent(uid >>> SHIFT, block -> new ArrayList<>()).add(uid);
        }
        List<BoundStatement> statements = new ArrayList<>(byBlock.size());
        byBlock.forEach((block, inBlock) -> {
            statements.add(put(mailbox, block, withBits(current.getOrDefault(block, new byte[0]), inBlock, present)));
        });
        return statements;
    }

    /** {@code block} with the bits of {@code uids} (all in that block) set or cleared, trimmed after its last set octet. */
    static byte[] withBits(byte[] block, Collection<Long> uids, boolean present) {
        int needed = block.length;
        if (present) {
            for (long uid : uids) {
                needed = Math.max(needed, (int) (uid & (BLOCK_UIDS - 1)) / 8 + 1);
            }
        }
        byte[] bits = Arrays.copyOf(block, needed);
        for (long uid : uids) {
            int bit = (int) (uid & (BLOCK_UIDS - 1));
            if (bit / 8 >= bits.length) {
                continue;
            }
            if (present) {
                bits[bit / 8] |= (byte) (1 << (bit % 8));
            } else {
                bits[bit / 8] &= (byte) ~(1 << (bit % 8));
            }
        }
        int length = bits.length;
        while (length > 0 && bits[length - 1] == 0) {
            length--;
        }
        return length == bits.length ? bits : Arrays.copyOf(bits, length);
    }

    /** Adds the UIDs whose bits are set in block number {@code block}, those below {@code nextUid}, to {@code uids}. */
    static void addUids(long block, byte[] bits, long nextUid, UidList.Builder uids) {
        long base = block << SHIFT;
        for (int octet = 0; octet < bits.length; octet++) {
            int value = bits[octet] & 0xff;
            while (value != 0) {
                int bit = Integer.numberOfTrailingZeros(value);
                long uid = base + octet * 8L + bit;
                if (uid >= nextUid) {
                    return;
                }
                uids.add(Uid.of(uid));
                value &= value - 1;
            }
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
