package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.store.mailbox.UidList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.mailfleet.store.cassandra.ConditionalChanges.applied;
import static io.mailfleet.store.cassandra.ConditionalChanges.batch;
import static io.mailfleet.store.cassandra.ConditionalChanges.chunks;

/**
 * Gives a mailbox created before the UID map (migration 008) its map, on its first open: the
 * blocks of the UIDs that open read from the message rows, written in batches each guarded by the
 * mailbox state that open read, the last of which also sets {@code uid_blocks}. From then on every
 * change keeps the map and opens read it.
 *
 * <p>Until {@code uid_blocks} is set no one reads or changes the map rows, so a backfill cut short
 * by a change of the mailbox (a guard that fails) or by a dying instance leaves harmless rows, which
 * the next backfill overwrites or removes. Two instances backfilling at once write the same rows,
 * computed from the same state; one that read an older state fails its guard and writes nothing.
 */
final class UidMapBackfill {

    /** Blocks written per batch: at most 512 octets each, so a batch stays far below Cassandra's batch size limit. */
    static final int BLOCKS_PER_BATCH = 32;

    private final MailboxState.Statements state;
    private final UidBlocks uidBlocks;
    private final MessageStatements statements;

    UidMapBackfill(MessageStatements statements, MailboxState.Statements state, UidBlocks uidBlocks) {
        this.statements = statements;
        this.state = state;
        this.uidBlocks = uidBlocks;
    }

    /**
     * Writes the map of {@code uids}, the UIDs read from the message rows after reading {@code current};
     * stops at the first guard that fails (the mailbox changed meanwhile), and the next open tries again.
     */
    void backfill(MailboxId mailbox, MailboxState current, UidList uids) {
        Map<Long, byte[]> blocks = UidBlocks.blocksOf(uids);
        List<BoundStatement> puts = new ArrayList<>();
        // Rows left by a backfill that did not finish, for blocks with no UID now, are removed.
        for (long block : uidBlocks.blocksPresent(mailbox)) {
            if (!blocks.containsKey(block)) {
                puts.add(uidBlocks.put(mailbox, block, new byte[0]));
            }
        }
        blocks.forEach((block, bits) -> puts.add(uidBlocks.put(mailbox, block, bits)));
        List<List<BoundStatement>> batches = puts.isEmpty() ? List.of(List.of()) : chunks(puts, BLOCKS_PER_BATCH);
        for (int i = 0; i < batches.size(); i++) {
            boolean last = i == batches.size() - 1;
            BatchStatementBuilder batch = batch().addStatement(last ? state.keepUidBlocks(mailbox, current)
                    : state.advance(mailbox, current, current));
            batches.get(i).forEach(batch::addStatement);
            // An unknown outcome counts as a failure: the map is then written again by the next open.
            if (!applied(statements.session, batch.build(), () -> false)) {
                return;
            }
        }
    }
}
