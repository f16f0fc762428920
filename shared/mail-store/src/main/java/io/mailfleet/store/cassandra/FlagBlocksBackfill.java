package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.mailfleet.store.cassandra.ConditionalChanges.applied;
import static io.mailfleet.store.cassandra.ConditionalChanges.batch;

/**
 * Gives a mailbox created before the flag blocks (migration 012) its blocks, on its next open, as
 * {@link UidMapBackfill} gives one its UID map: the blocks made from its message rows, read after
 * its state, written in batches each guarded by that state, the last of which also sets
 * {@code flag_blocks}. Until then no one reads or changes the blocks: a backfill cut short leaves
 * rows nobody reads until the next one rewrites or removes them; one whose state is stale writes
 * nothing; two at once write the same rows.
 */
final class FlagBlocksBackfill {

    /** Blocks written per batch: about 2.5 KB each for blocks without keywords. */
    static final int BLOCKS_PER_BATCH = 16;
    private static final int ROW_PAGE = 5000;

    private final MessageStatements statements;
    private final MailboxState.Statements state;
    private final FlagBlocks flagBlocks;

    FlagBlocksBackfill(MessageStatements statements, MailboxState.Statements state, FlagBlocks flagBlocks) {
        this.statements = statements;
        this.state = state;
        this.flagBlocks = flagBlocks;
    }

    /**
     * Writes the blocks of the mailbox's messages as the rows are read, a batch at a time, so that no
     * more than a batch of blocks is held; stops at the first guard that fails, and the next open tries again.
     */
    void backfill(MailboxId mailbox) {
        MailboxState current = state.read(mailbox);
        if (current.flagBlocks()) {
            return;
        }
        // Rows left by a backfill that did not finish, for blocks with no message now, are removed.
        Set<Long> stale = new TreeSet<>(flagBlocks.blocksPresent(mailbox));
        List<BoundStatement> pending = new ArrayList<>();
        boolean written = Cql.call("backfill flag blocks", () -> {
            FlagBlock block = null;
            for (Row row : statements.session.execute(statements.selectFlags.bind(mailbox.value()).setPageSize(ROW_PAGE))) {
                long uid = row.getLong(0);
                if (uid >= current.nextUid()) {
                    break;
                }
                if (block != null && block.block() != FlagBlock.blockOf(uid)) {
                    pending.add(flagBlocks.put(mailbox, block));
                    stale.remove(block.block());
                    if (pending.size() == BLOCKS_PER_BATCH && !write(mailbox, current, pending, false)) {
                        return false;
                    }
                    block = null;
                }
                if (block == null) {
                    block = new FlagBlock(FlagBlock.blockOf(uid));
                }
                block.put(uid, row.getLong(1), Flags.parse(row.get(2, MessageStatements.TEXT_SET)));
            }
            if (block != null) {
                pending.add(flagBlocks.put(mailbox, block));
                stale.remove(block.block());
            }
            return true;
        });
        if (written) {
            stale.forEach(number -> pending.add(flagBlocks.put(mailbox, new FlagBlock(number))));
            write(mailbox, current, pending, true);
        }
    }

    /**
     * Writes {@code pending} as one batch guarded by {@code current}, the last also setting {@code flag_blocks};
     * whether it applied. An unknown outcome counts as a failure: the blocks are then written again by the next open.
     */
    private boolean write(MailboxId mailbox, MailboxState current, List<BoundStatement> pending, boolean last) {
        BatchStatementBuilder batch = batch().addStatement(last ? state.keepFlagBlocks(mailbox, current)
                : state.advance(mailbox, current, current));
        pending.forEach(batch::addStatement);
        pending.clear();
        return applied(statements.session, batch.build(), () -> false);
    }
}
