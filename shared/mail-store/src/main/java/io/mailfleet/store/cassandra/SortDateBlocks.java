package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.DateFacts;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The sort date blocks of a mailbox ({@link SortDateBlock}): what SORT by DATE, ARRIVAL and SIZE reads instead of
 * the message rows. They are written by the reads themselves, not by the changes of the mailbox: a message's
 * dates and size never change and a UID is never given twice, so the messages of a block's UIDs up to what it
 * covers can only be fewer than when it was written, never more. A block therefore only needs the rows past its
 * {@code upTo}, read and written into it once there are {@value #REWRITE_AFTER} of them or more; fewer are read
 * each time, which spares a write of the whole block after every delivery. The write is not waited for: the answer
 * has what it needs from the rows, and a write that fails or comes late only leaves the next SORT to read them again.
 */
final class SortDateBlocks {

    private static final System.Logger LOG = System.getLogger(SortDateBlocks.class.getName());
    /** Rows read past a block's end from which the block is written again with them. */
    static final int REWRITE_AFTER = 64;
    /** Rows of one slice per round trip. */
    private static final int ROWS_PAGE = 5000;

    private final CqlSession session;
    private final MailboxState.Statements state;
    private final PreparedStatement selectBlocks;
    private final PreparedStatement selectRows;
    private final PreparedStatement write;

    SortDateBlocks(CqlSession session, MailboxState.Statements state) {
        this.session = session;
        this.state = state;
        this.selectBlocks = session.prepare("SELECT seq, sort_dates FROM mailbox_data WHERE mailbox_id = ? AND kind = 6"
                + " AND seq >= ? AND seq <= ?");
        // The columns of a block's entries alone: a first SORT reads every row, and the sort strings would be most of them.
        this.selectRows = session.prepare("SELECT seq, size, internal_date, sent_date FROM mailbox_data"
                + " WHERE mailbox_id = ? AND kind = 0 AND seq >= ? AND seq <= ? LIMIT ?");
        this.write = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, sort_dates) VALUES (?, 6, ?, 0, ?)");
    }

    /**
     * The date facts of the messages from {@code first} to {@code last}, in UID order: the blocks over the range
     * (with the state, both read at once), then, at once, the rows of each block past what it covers, up to the
     * last UID the state says was given out. A block whose rows all keep a sent date is written when it lacked
     * {@value #REWRITE_AFTER} rows or more; a row without one (written before rows kept sort keys) comes with a
     * null sent date, and its block is left unwritten.
     */
    List<DateFacts> read(MailboxId mailbox, long first, long last) {
        CompletableFuture<AsyncResultSet> blocksRead = Cql.call("read sort dates", () -> session.executeAsync(
                selectBlocks.bind(mailbox.value(), SortDateBlock.blockOf(first), SortDateBlock.blockOf(last))).toCompletableFuture());
        long lastGiven = state.read(mailbox).nextUid() - 1;
        Map<Long, SortDateBlock> blocks = new HashMap<>();
        for (Row row : Cql.await("read sort dates", blocksRead).currentPage()) {
            ByteBuffer stored = row.getByteBuffer("sort_dates");
            SortDateBlock block = stored == null ? null : SortDateBlock.decoded(row.getLong("seq"), stored);
            if (block != null) {
                blocks.put(block.number(), block);
            }
        }
        long end = Math.min(last, lastGiven);
        List<CompletableFuture<SortDateBlock>> filled = new ArrayList<>();
        for (long number = SortDateBlock.blockOf(first); first <= end && number <= SortDateBlock.blockOf(end); number++) {
            filled.add(filled(mailbox, number, blocks.get(number), Math.min(SortDateBlock.lastUid(number), lastGiven)));
        }
        List<DateFacts> facts = new ArrayList<>();
        for (CompletableFuture<SortDateBlock> block : filled) {
            for (DateFacts entry : Cql.await("read sort dates", block).entries()) {
                long uid = entry.uid().value();
                if (uid >= first && uid <= end) {
                    facts.add(entry);
                }
            }
        }
        return facts;
    }

    /**
     * The entries of the rows of {@code page} and of the pages after it, added to {@code facts}: a row without a sent date
     * was written before rows kept their sort keys, which come with the sent date or not at all.
     */
    private static CompletableFuture<List<DateFacts>> dateFacts(AsyncResultSet page, List<DateFacts> facts) {
        page.currentPage().forEach(row -> facts.add(new DateFacts(Uid.of(row.getLong("seq")), row.getLong("size"),
                row.getInstant("internal_date"), row.getInstant("sent_date"))));
        return page.hasMorePages() ? page.fetchNextPage().toCompletableFuture().thenCompose(next -> dateFacts(next, facts))
                : CompletableFuture.completedFuture(facts);
    }

    /** Block {@code number} covering up to {@code upTo}: as stored when it covers that far, else with the rows past it read. */
    private CompletableFuture<SortDateBlock> filled(MailboxId mailbox, long number, SortDateBlock stored, long upTo) {
        long from = stored == null ? SortDateBlock.firstUid(number) : stored.upTo() + 1;
        if (from > upTo) {
            return CompletableFuture.completedFuture(stored);
        }
        int limit = (int) (upTo - from + 1);
        return Cql.call("read sort dates", () -> session.executeAsync(selectRows.bind(mailbox.value(), from, upTo, limit)
                        .setPageSize(Math.min(limit, ROWS_PAGE))).toCompletableFuture())
                .thenCompose(page -> dateFacts(page, new ArrayList<>()))
                .thenApply(rows -> {
                    List<DateFacts> entries = new ArrayList<>(stored == null ? List.of() : stored.entries());
                    boolean dated = true;
                    for (DateFacts row : rows) {
                        dated &= row.sentDate() != null;
                        entries.add(row);
                    }
                    SortDateBlock block = new SortDateBlock(number, upTo, entries);
                    if (dated && rows.size() >= REWRITE_AFTER) {
                        session.executeAsync(write.bind(mailbox.value(), number, block.encoded())).whenComplete((written, failure) -> {
                            if (failure != null) {
                                LOG.log(System.Logger.Level.DEBUG, "sort date block not written, read from rows again: {0}",
                                        failure.toString());
                            }
                        });
                    }
                    return block;
                });
    }
}
