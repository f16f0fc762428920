package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.DateFacts;
import io.mailfleet.store.mailbox.NewMessage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The sort date blocks of a mailbox ({@link SortDateBlock}): what SORT by DATE, ARRIVAL and SIZE reads instead of the
 * message rows. Every change that adds a message (delivery, APPEND, COPY, MOVE) writes its cell in the batch that writes
 * its row, a blind write that adds no round trip; so a mailbox's first SORT reads its few block rows like any later one.
 * The blocks are a cache all the same: a message without a cell (added before migration 021, or by an instance without
 * it) is read from its row, and its cell written then, without waiting for the write. A cell outlives its message's
 * expunge, so only the UIDs asked for are answered, and a UID asked for that has neither cell nor row is left out.
 */
final class SortDateBlocks {

    private static final System.Logger LOG = System.getLogger(SortDateBlocks.class.getName());
    /** Rows of one slice per round trip. */
    private static final int ROWS_PAGE = 5000;

    private final CqlSession session;
    private final PreparedStatement selectBlocks;
    private final PreparedStatement selectRows;
    private final PreparedStatement addCell;
    private final PreparedStatement addCells;

    SortDateBlocks(CqlSession session) {
        this.session = session;
        this.selectBlocks = session.prepare("SELECT sort_date_cells FROM mailbox_data WHERE mailbox_id = ? AND kind = 6"
                + " AND seq >= ? AND seq <= ?");
        // The columns of a cell alone: the sort strings would be most of a row.
        this.selectRows = session.prepare("SELECT seq, size, internal_date, sent_date FROM mailbox_data"
                + " WHERE mailbox_id = ? AND kind = 0 AND seq >= ? AND seq <= ? LIMIT ?");
        this.addCell = session.prepare("UPDATE mailbox_data SET sort_date_cells[?] = ?"
                + " WHERE mailbox_id = ? AND kind = 6 AND seq = ? AND expunged_uid = 0");
        // The whole block migration 018 kept in sort_dates goes once its cells are written from the rows.
        this.addCells = session.prepare("UPDATE mailbox_data SET sort_date_cells = sort_date_cells + ?, sort_dates = null"
                + " WHERE mailbox_id = ? AND kind = 6 AND seq = ? AND expunged_uid = 0");
    }

    /**
     * The cell of a message added as {@code uid}, for the batch that writes its row; none for a message without
     * sort keys, whose sent date SORT works out from its content.
     */
    Optional<BoundStatement> cellOf(MailboxId mailbox, long uid, NewMessage message) {
        if (message.sortFields() == null) {
            return Optional.empty();
        }
        DateFacts facts = new DateFacts(Uid.of(uid), message.size(), message.internalDate(), message.sortFields().sentDate());
        return Optional.of(addCell.bind(uid, SortDateBlock.cell(facts), mailbox.value(), SortDateBlock.blockOf(uid)));
    }

    /**
     * The date facts of those of ascending {@code uids} that the blocks or the rows know, in UID order: the blocks
     * over their range, read at once, then the rows of each block's UIDs without a cell, one slice per block, all
     * at once. A row without a sent date (written before rows kept sort keys) comes with a null sent date and gets
     * no cell.
     */
    List<DateFacts> read(MailboxId mailbox, long[] uids) {
        if (uids.length == 0) {
            return List.of();
        }
        DateFacts[] found = new DateFacts[uids.length];
        Cql.run("read sort dates", () -> {
            for (Row row : session.execute(selectBlocks.bind(mailbox.value(), SortDateBlock.blockOf(uids[0]),
                    SortDateBlock.blockOf(uids[uids.length - 1])))) {
                ByteBuffer cells = row.getBytesUnsafe(0);
                if (cells != null) {
                    SortDateBlock.putCells(cells, uids, found);
                }
            }
        });
        // The first and last UID without a cell in each block: the slice of rows read for them.
        TreeMap<Long, long[]> lacking = new TreeMap<>();
        for (int i = 0; i < uids.length; i++) {
            if (found[i] == null) {
                long uid = uids[i];
                lacking.merge(SortDateBlock.blockOf(uid), new long[] {uid, uid}, (span, one) -> new long[] {span[0], uid});
            }
        }
        List<CompletableFuture<List<DateFacts>>> reads = new ArrayList<>();
        lacking.forEach((block, span) -> reads.add(rows(mailbox, span[0], span[1])));
        for (CompletableFuture<List<DateFacts>> read : reads) {
            List<DateFacts> uncelled = new ArrayList<>();
            for (DateFacts row : Cql.await("read sort dates", read)) {
                int at = Arrays.binarySearch(uids, row.uid().value());
                if (at >= 0 && found[at] == null) {
                    found[at] = row;
                    if (row.sentDate() != null) {
                        uncelled.add(row);
                    }
                }
            }
            writeCells(mailbox, uncelled);
        }
        List<DateFacts> facts = new ArrayList<>(uids.length);
        for (DateFacts each : found) {
            if (each != null) {
                facts.add(each);
            }
        }
        return facts;
    }

    /** The facts of the rows from {@code first} to {@code last}, in UID order. */
    private CompletableFuture<List<DateFacts>> rows(MailboxId mailbox, long first, long last) {
        int limit = (int) (last - first + 1);
        return Cql.call("read sort dates", () -> session.executeAsync(selectRows.bind(mailbox.value(), first, last, limit)
                        .setPageSize(Math.min(limit, ROWS_PAGE))).toCompletableFuture())
                .thenCompose(page -> dateFacts(page, new ArrayList<>()));
    }

    /** The facts of the rows of {@code page} and of the pages after it, added to {@code facts}. */
    private static CompletableFuture<List<DateFacts>> dateFacts(AsyncResultSet page, List<DateFacts> facts) {
        page.currentPage().forEach(row -> facts.add(new DateFacts(Uid.of(row.getLong("seq")), row.getLong("size"),
                row.getInstant("internal_date"), row.getInstant("sent_date"))));
        return page.hasMorePages() ? page.fetchNextPage().toCompletableFuture().thenCompose(next -> dateFacts(next, facts))
                : CompletableFuture.completedFuture(facts);
    }

    /**
     * Writes the cells of {@code rows}, not waited for: the answer has what it needs from the rows, and a write that
     * fails or comes late only leaves the next read to read them again.
     */
    private void writeCells(MailboxId mailbox, List<DateFacts> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Map<Long, ByteBuffer> added = new HashMap<>();
        rows.forEach(row -> added.put(row.uid().value(), SortDateBlock.cell(row)));
        session.executeAsync(addCells.bind(added, mailbox.value(), SortDateBlock.blockOf(rows.get(0).uid().value()))).whenComplete((written, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, "sort date cells not written, read from rows again: {0}", failure.toString());
            }
        });
    }
}
