package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.Uid;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The text signature blocks of a mailbox ({@link TextSignatureBlock}): what SEARCH BODY reads to rule messages out
 * instead of a row per message. Kept as the sort date blocks are ({@link SortDateBlocks}): written by the reads
 * themselves, never by a change, as a message's signature never changes and a UID is never given twice, so the
 * messages of a block's UIDs up to what it covers can only be fewer than when it was written, never more. A block
 * only needs the rows past its {@code upTo}, read and written into it once there are {@value #REWRITE_AFTER} of them
 * or more. The write is not waited for: the answer has what it needs from the rows, and a write that fails or comes
 * late only leaves the next search to read those rows again.
 */
final class TextSignatureBlocks {

    private static final System.Logger LOG = System.getLogger(TextSignatureBlocks.class.getName());
    /** Rows read past a block's end from which the block is written again with them. */
    static final int REWRITE_AFTER = 64;
    /** Blocks of one read: what a search holds at once, about as many signatures as four pages of rows. */
    static final int BLOCKS_AT_ONCE = 2;

    private final CqlSession session;
    private final MailboxState.Statements state;
    private final PreparedStatement selectBlocks;
    private final PreparedStatement selectRows;
    private final PreparedStatement write;

    TextSignatureBlocks(CqlSession session, MailboxState.Statements state) {
        this.session = session;
        this.state = state;
        this.selectBlocks = session.prepare("SELECT seq, text_signatures FROM mailbox_data WHERE mailbox_id = ? AND kind = 8"
                + " AND seq >= ? AND seq <= ?");
        this.selectRows = session.prepare("SELECT seq, text_signature FROM mailbox_data WHERE mailbox_id = ? AND kind = 0"
                + " AND seq >= ? AND seq <= ? LIMIT ?");
        this.write = session.prepare("INSERT INTO mailbox_data (mailbox_id, kind, seq, expunged_uid, text_signatures)"
                + " VALUES (?, 8, ?, 0, ?)");
    }

    /**
     * The UIDs of the messages from {@code first} to {@code last} whose signatures {@code kept} accepts (null for a
     * message without one), ascending: the blocks over the range, {@value #BLOCKS_AT_ONCE} a read, each with the rows
     * past what it covers up to the last UID the state says was given out (the first blocks read with the state, both
     * at once); the next blocks and their rows are under way while those before them are tested. May name messages
     * expunged since a block was written; never lacks one that is there. No signature is held beyond its blocks, so a
     * read holds about twice {@value #BLOCKS_AT_ONCE} blocks' worth of them at once, however large the mailbox.
     */
    List<Uid> read(MailboxId mailbox, long first, long last, Predicate<byte[]> kept) {
        long firstBlock = TextSignatureBlock.blockOf(first);
        CompletableFuture<Map<Long, TextSignatureBlock>> firstRead = blocks(mailbox, firstBlock,
                Math.min(TextSignatureBlock.blockOf(last), firstBlock + BLOCKS_AT_ONCE - 1));
        long lastGiven = state.read(mailbox).nextUid() - 1;
        long end = Math.min(last, lastGiven);
        long lastBlock = TextSignatureBlock.blockOf(end);
        List<Uid> uids = new ArrayList<>();
        if (first > end) {
            return uids;
        }
        CompletableFuture<List<TextSignatureBlock>> window = filled(mailbox, firstRead, firstBlock,
                Math.min(lastBlock, firstBlock + BLOCKS_AT_ONCE - 1), lastGiven);
        for (long from = firstBlock; from <= lastBlock; from += BLOCKS_AT_ONCE) {
            long to = Math.min(lastBlock, from + BLOCKS_AT_ONCE - 1);
            CompletableFuture<List<TextSignatureBlock>> current = window;
            if (to < lastBlock) {
                long next = to + 1;
                long nextTo = Math.min(lastBlock, to + BLOCKS_AT_ONCE);
                window = filled(mailbox, blocks(mailbox, next, nextTo), next, nextTo, lastGiven);
            }
            for (TextSignatureBlock block : Cql.await("read text signatures", current)) {
                for (SignatureFacts entry : block.entries()) {
                    long uid = entry.uid().value();
                    if (uid >= first && uid <= end && kept.test(entry.textSignature())) {
                        uids.add(entry.uid());
                    }
                }
            }
        }
        return uids;
    }

    /** Blocks {@code from} to {@code to} as {@code read} finds them, each with the rows past it up to {@code lastGiven}. */
    private CompletableFuture<List<TextSignatureBlock>> filled(MailboxId mailbox, CompletableFuture<Map<Long, TextSignatureBlock>> read,
                                                               long from, long to, long lastGiven) {
        return read.thenCompose(blocks -> {
            List<CompletableFuture<TextSignatureBlock>> filled = new ArrayList<>();
            for (long number = from; number <= to; number++) {
                filled.add(filled(mailbox, number, blocks.get(number), Math.min(TextSignatureBlock.lastUid(number), lastGiven)));
            }
            return CompletableFuture.allOf(filled.toArray(CompletableFuture[]::new))
                    .thenApply(done -> filled.stream().map(CompletableFuture::join).toList());
        });
    }

    /** The stored blocks numbered {@code from} to {@code to} that this version can read, by number. */
    private CompletableFuture<Map<Long, TextSignatureBlock>> blocks(MailboxId mailbox, long from, long to) {
        return Cql.call("read text signatures", () -> session.executeAsync(selectBlocks.bind(mailbox.value(), from, to)
                        .setPageSize(BLOCKS_AT_ONCE)).toCompletableFuture())
                .thenApply(rows -> {
                    Map<Long, TextSignatureBlock> blocks = new HashMap<>();
                    for (Row row : rows.currentPage()) {
                        ByteBuffer stored = row.getByteBuffer("text_signatures");
                        TextSignatureBlock block = stored == null ? null : TextSignatureBlock.decoded(row.getLong("seq"), stored);
                        if (block != null) {
                            blocks.put(block.number(), block);
                        }
                    }
                    return blocks;
                });
    }

    /** Block {@code number} covering up to {@code upTo}: as stored when it covers that far, else with the rows past it read. */
    private CompletableFuture<TextSignatureBlock> filled(MailboxId mailbox, long number, TextSignatureBlock stored, long upTo) {
        long from = stored == null ? TextSignatureBlock.firstUid(number) : stored.upTo() + 1;
        if (from > upTo) {
            return CompletableFuture.completedFuture(stored);
        }
        int limit = (int) (upTo - from + 1);
        return Cql.call("read text signatures", () -> session.executeAsync(selectRows.bind(mailbox.value(), from, upTo, limit)
                        .setPageSize(limit)).toCompletableFuture())
                .thenCompose(page -> rows(page, new ArrayList<>(stored == null ? List.of() : stored.entries())))
                .thenApply(entries -> {
                    TextSignatureBlock block = new TextSignatureBlock(number, upTo, entries);
                    int added = entries.size() - (stored == null ? 0 : stored.entries().size());
                    if (added >= REWRITE_AFTER) {
                        session.executeAsync(write.bind(mailbox.value(), number, block.encoded())).whenComplete((written, failure) -> {
                            if (failure != null) {
                                LOG.log(System.Logger.Level.DEBUG, "text signature block not written, read from rows again: {0}",
                                        failure.toString());
                            }
                        });
                    }
                    return block;
                });
    }

    /** The rows of {@code page} and of the pages after it, added to {@code entries}. */
    private static CompletableFuture<List<SignatureFacts>> rows(AsyncResultSet page, List<SignatureFacts> entries) {
        page.currentPage().forEach(row -> entries.add(new SignatureFacts(Uid.of(row.getLong("seq")),
                MessageStatements.textSignature(row))));
        return page.hasMorePages() ? page.fetchNextPage().toCompletableFuture().thenCompose(next -> rows(next, entries))
                : CompletableFuture.completedFuture(entries);
    }
}
