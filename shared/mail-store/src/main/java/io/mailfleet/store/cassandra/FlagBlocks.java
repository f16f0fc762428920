package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.Uid;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The flag blocks of a mailbox (kind 5 of {@code mailbox_data}, {@link FlagBlock}): the UID, MODSEQ
 * and flags of its live messages, a row per {@value FlagBlock#BLOCK_UIDS} UIDs. Every change that
 * adds, re-flags or removes messages reads the blocks it touches after reading the mailbox state
 * and writes them back in its guarded batch, as it does the UID map: when the guard holds, no other
 * change wrote them in between.
 */
final class FlagBlocks {

    private static final String STATE_COLUMNS = "next_uid, highest_modseq, message_count, unseen_count, total_bytes, uid_blocks,"
            + " flag_blocks";

    /** Unseen counts read per page when looking for the first unseen message: a few octets each. */
    private static final int COUNTS_PAGE = 1000;
    /**
     * Blocks read whole, entries with their counts, at the start of a look for the first unseen message: in
     * most mailboxes it is in one of them, found in one round trip instead of one for the counts and one for
     * the block. A few kilobytes a block at most.
     */
    private static final int WHOLE_FIRST = 8;

    private final CqlSession session;
    private final PreparedStatement selectRange;
    private final PreparedStatement selectSome;
    private final PreparedStatement selectAll;
    private final PreparedStatement selectLast;
    private final PreparedStatement selectFirstBlocks;
    private final PreparedStatement selectUnseenCounts;
    private final PreparedStatement write;
    private final PreparedStatement delete;

    FlagBlocks(CqlSession session) {
        this.session = session;
        // With each block comes the mailbox state, the partition's static columns, from the same single-partition
        // read, which a replica answers from one view of the partition: the blocks as they were at that state.
        // So whether the mailbox keeps its blocks, and the state a change of them is guarded by, need no read of
        // the state before them.
        this.selectRange = session.prepare("SELECT seq, flag_entries, " + STATE_COLUMNS + " FROM mailbox_data WHERE mailbox_id = ?"
                + " AND kind = 5 AND seq >= ? AND seq <= ?");
        this.selectSome = session.prepare("SELECT seq, flag_entries, " + STATE_COLUMNS + " FROM mailbox_data WHERE mailbox_id = ?"
                + " AND kind = 5 AND seq IN ?");
        this.selectAll = session.prepare("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind = 5");
        this.selectLast = session.prepare("SELECT seq, flag_entries, " + STATE_COLUMNS + " FROM mailbox_data WHERE mailbox_id = ?"
                + " AND kind = 5 ORDER BY kind DESC, seq DESC LIMIT 1");
        this.selectFirstBlocks = session.prepare("SELECT seq, flag_unseen, flag_blocks, flag_entries FROM mailbox_data"
                + " WHERE mailbox_id = ? AND kind = 5 LIMIT " + WHOLE_FIRST);
        this.selectUnseenCounts = session.prepare("SELECT seq, flag_unseen, flag_blocks FROM mailbox_data WHERE mailbox_id = ? AND kind = 5"
                + " AND seq > ?");
        this.write = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, flag_entries, flag_unseen)"
                + " VALUES (?, 5, ?, 0, ?, ?)");
        this.delete = session.prepare("DELETE FROM mailbox_data WHERE mailbox_id = ? AND kind = 5 AND seq = ? AND expunged_uid = 0");
    }

    /** The blocks that hold {@code uids}, by number; a block without a row is left out. */
    Map<Long, FlagBlock> read(MailboxId mailbox, Collection<Long> uids) {
        return Cql.await("read flag blocks", readAsync(mailbox, uids));
    }

    /**
     * {@link #read} without waiting: the blocks from the first to the last as one slice when most of
     * them are wanted, else by their numbers.
     */
    CompletableFuture<Map<Long, FlagBlock>> readAsync(MailboxId mailbox, Collection<Long> uids) {
        return readKeptAsync(mailbox, uids).thenApply(Read::blocks);
    }

    /**
     * Blocks read with the mailbox state the same read saw them at, or null when it found no block (and so
     * no state either). A block written by a backfill cut short is in a mailbox whose state does not keep
     * its blocks.
     */
    record Read(Map<Long, FlagBlock> blocks, MailboxState state) {

        /** Whether the mailbox keeps its flag blocks, as the read says; null when it cannot say. */
        Boolean kept() {
            return state == null ? null : state.flagBlocks();
        }
    }

    /** {@link #readAsync}, with the mailbox state as the same read saw it. */
    CompletableFuture<Read> readKeptAsync(MailboxId mailbox, Collection<Long> uids) {
        TreeSet<Long> numbers = new TreeSet<>();
        for (long uid : uids) {
            numbers.add(FlagBlock.blockOf(uid));
        }
        if (numbers.isEmpty()) {
            return CompletableFuture.completedFuture(new Read(Map.of(), null));
        }
        long first = numbers.first();
        long last = numbers.last();
        boolean slice = last - first < 2L * numbers.size();
        BoundStatement statement = slice ? selectRange.bind(mailbox.value(), first, last)
                : selectSome.bind(mailbox.value(), new ArrayList<>(numbers));
        int rows = (int) Math.max(100, slice ? last - first + 1 : numbers.size());
        return collect(session.executeAsync(statement.setPageSize(rows)), numbers, new Read(new TreeMap<>(), null), true)
                .toCompletableFuture();
    }

    /**
     * The mailbox's last block, the one of its highest UID, with the state the same read saw it at; no block
     * and no state when the mailbox has no block. The UIDs an append adds are above every UID of the mailbox,
     * so their blocks are this one or blocks that have no row.
     */
    CompletableFuture<Read> readLastAsync(MailboxId mailbox) {
        return Cql.call("read flag blocks", () -> session.executeAsync(selectLast.bind(mailbox.value())).toCompletableFuture())
                .thenApply(rows -> {
                    Row row = rows.one();
                    if (row == null) {
                        return new Read(Map.of(), null);
                    }
                    Map<Long, FlagBlock> blocks = new TreeMap<>();
                    long number = row.getLong("seq");
                    decode(row, new TreeSet<>(List.of(number)), blocks);
                    return new Read(blocks, MailboxState.of(row));
                });
    }

    /**
     * Decodes the wanted blocks of every page of {@code rows} into {@code read}, with the state of the first
     * page's first row. The page size takes the whole slice, so a read is one page; should the server page it
     * all the same, it is no longer one view of the partition, and is given no state.
     */
    private static CompletionStage<Read> collect(CompletionStage<AsyncResultSet> rows, TreeSet<Long> wanted, Read read,
                                                 boolean firstPage) {
        return rows.thenCompose(page -> {
            Read sofar = read;
            Iterator<Row> each = page.currentPage().iterator();
            if (firstPage && each.hasNext()) {
                Row first = each.next();
                sofar = new Read(read.blocks(), page.hasMorePages() ? null : MailboxState.of(first));
                decode(first, wanted, sofar.blocks());
            }
            while (each.hasNext()) {
                decode(each.next(), wanted, sofar.blocks());
            }
            return page.hasMorePages() ? collect(page.fetchNextPage(), wanted, new Read(sofar.blocks(), null), false)
                    : CompletableFuture.completedFuture(sofar);
        });
    }

    private static void decode(Row row, TreeSet<Long> wanted, Map<Long, FlagBlock> blocks) {
        long number = row.getLong("seq");
        ByteBuffer entries = row.getByteBuffer("flag_entries");
        if (entries != null && wanted.contains(number)) {
            blocks.put(number, FlagBlock.decode(number, entries));
        }
    }

    /** A flag column is true or, in a mailbox from before it, null: never false. */
    private static boolean keeps(Row row) {
        return !row.isNull("flag_blocks") && row.getBoolean("flag_blocks");
    }

    /** The first unseen message as {@link #firstUnseen} finds it, and whether the mailbox keeps its blocks (null: no block found). */
    record Unseen(Optional<Uid> first, Boolean kept) {
    }

    /**
     * The lowest UID whose flags lack {@code \\Seen}. The first {@value #WHOLE_FIRST} blocks are read whole;
     * past them, the blocks' unseen counts are read in UID order until one is not zero, and only that block's
     * entries are read: a large mailbox read to its end costs a few octets a block, not its entries. A block
     * written before its count was kept (null) has its entries read too. The blocks come with whether the
     * mailbox keeps them, so that nothing else is read first: when it does not, nothing is looked for in them.
     */
    Unseen firstUnseen(MailboxId mailbox) {
        return Cql.call("read flag blocks", () -> {
            Boolean kept = null;
            long last = -1;
            int read = 0;
            for (Row row : session.execute(selectFirstBlocks.bind(mailbox.value()))) {
                read++;
                kept = keeps(row);
                if (!kept) {
                    return new Unseen(Optional.empty(), false);
                }
                last = row.getLong("seq");
                ByteBuffer entries = row.getByteBuffer("flag_entries");
                if ((row.isNull("flag_unseen") || row.getInt("flag_unseen") > 0) && entries != null) {
                    Optional<Uid> first = FlagBlock.decode(last, entries).firstUnseen();
                    if (first.isPresent()) {
                        return new Unseen(first, true);
                    }
                }
            }
            if (read < WHOLE_FIRST) {
                return new Unseen(Optional.empty(), kept);
            }
            return new Unseen(firstUnseenAfter(mailbox, last), true);
        });
    }

    /**
     * The lowest UID whose flags lack {@code \Seen} in the blocks after block {@code last}: their unseen counts read
     * in UID order until one is not zero, then that block's entries.
     */
    Optional<Uid> firstUnseenAfter(MailboxId mailbox, long last) {
        return Cql.call("read flag blocks", () -> {
            for (Row row : session.execute(selectUnseenCounts.bind(mailbox.value(), last).setPageSize(COUNTS_PAGE))) {
                if (row.isNull(1) || row.getInt(1) > 0) {
                    long number = row.getLong(0);
                    // Changed since the count was read, the block may have none left: the next ones are read on.
                    Optional<Uid> first = Optional.ofNullable(read(mailbox, List.of(number << FlagBlock.SHIFT)).get(number))
                            .flatMap(FlagBlock::firstUnseen);
                    if (first.isPresent()) {
                        return first;
                    }
                }
            }
            return Optional.<Uid>empty();
        });
    }

    /** The numbers of the blocks that have a row now. */
    List<Long> blocksPresent(MailboxId mailbox) {
        return Cql.call("read flag blocks", () -> session.execute(selectAll.bind(mailbox.value())).all().stream()
                .map(row -> row.getLong("seq")).toList());
    }

    /** The statement that writes {@code block}, or removes its row when it holds no message. */
    BoundStatement put(MailboxId mailbox, FlagBlock block) {
        return block.isEmpty() ? delete.bind(mailbox.value(), block.block())
                : write.bind(mailbox.value(), block.block(), block.encode(), block.unseen());
    }

    /** The statements that write {@code blocks}. */
    List<BoundStatement> put(MailboxId mailbox, Collection<FlagBlock> blocks) {
        List<BoundStatement> statements = new ArrayList<>(blocks.size());
        for (FlagBlock block : blocks) {
            statements.add(put(mailbox, block));
        }
        return statements;
    }
}
