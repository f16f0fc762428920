package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.mailfleet.model.mailbox.MailboxId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The intents of moves in {@code message_moves}: one row per chunk of a MOVE, written before its
 * copy and removed after its expunge, so that a move an instance left half done can be found and
 * finished from its source mailbox. Each intent is marked in the source's static columns by the
 * write that records it and unmarked by the write that removes it ({@link MoveMarks}), so that an
 * open of a mailbox without a mark reads no intent.
 */
final class MessageMoves {

    /** One chunk of a move: its UIDs in the source, to be copied into the target and expunged. */
    record Intent(UUID id, MailboxId source, MailboxId target, List<Long> uids) {

        Instant startedAt() {
            return Instant.ofEpochMilli(Uuids.unixTimestamp(id));
        }

        /**
         * The receipt key of one message's copy into the target, named by the source message and not
         * by this intent: a message moved again after a move that copied it and then failed (the
         * client saw NO and the message still in the source, so it retries) finds the first copy's
         * receipt and is not copied twice. A source message leaves its mailbox once, so no other
         * copy can share the key.
         */
        String receiptKey(long uid) {
            return "move/" + source.value() + "/" + uid;
        }
    }

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement delete;
    private final PreparedStatement deleteAll;
    private final PreparedStatement mark;
    private final PreparedStatement unmark;
    private final PreparedStatement allMarked;

    MessageMoves(CqlSession session) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO message_moves (source_mailbox, move_id, target_mailbox, uids) VALUES (?, ?, ?, ?)");
        this.select = session.prepare("SELECT move_id, target_mailbox, uids FROM message_moves WHERE source_mailbox = ?");
        this.delete = session.prepare("DELETE FROM message_moves WHERE source_mailbox = ? AND move_id = ?");
        this.deleteAll = session.prepare("DELETE FROM message_moves WHERE source_mailbox = ?");
        this.mark = session.prepare("UPDATE mailbox_data SET moves_pending = moves_pending + ? WHERE mailbox_id = ?");
        this.unmark = session.prepare("UPDATE mailbox_data SET moves_pending = moves_pending - ? WHERE mailbox_id = ?");
        this.allMarked = session.prepare("UPDATE mailbox_data SET moves_marked = true WHERE mailbox_id = ?");
    }

    /**
     * Writes the intent and its mark in one unlogged batch: both tables have the source's id as partition key, so
     * the batch is one mutation, applied whole or not at all by each replica.
     */
    Intent record(MailboxId source, MailboxId target, List<Long> uids) {
        Intent intent = new Intent(Uuids.timeBased(), source, target, List.copyOf(uids));
        Cql.run("record move", () -> session.execute(BatchStatement.newInstance(DefaultBatchType.UNLOGGED,
                insert.bind(source.value(), intent.id(), target.value(), intent.uids()),
                mark.bind(Set.of(intent.id()), source.value()))));
        return intent;
    }

    /**
     * Says that every intent of moves out of {@code source} is marked: for a mailbox from before the marks, once a
     * read of its intents found none. An intent recorded since is marked by its own write.
     */
    void allMarked(MailboxId source) {
        Cql.run("mark moves", () -> session.execute(allMarked.bind(source.value())));
    }

    /** The intents of moves out of {@code source}, read without waiting, so that the mailbox is read meanwhile. */
    CompletableFuture<List<Intent>> pendingAsync(MailboxId source) {
        return Cql.call("read moves", () -> intents(session.executeAsync(select.bind(source.value())), source, new ArrayList<>())
                .toCompletableFuture());
    }

    /** The intents of every page of {@code rows}, added to {@code intents}. */
    private static CompletionStage<List<Intent>> intents(CompletionStage<AsyncResultSet> rows, MailboxId source,
                                                        List<Intent> intents) {
        return rows.thenCompose(page -> {
            for (Row row : page.currentPage()) {
                intents.add(new Intent(row.getUuid("move_id"), source, new MailboxId(row.getUuid("target_mailbox")),
                        row.getList("uids", Long.class)));
            }
            return page.hasMorePages() ? intents(page.fetchNextPage(), source, intents) : CompletableFuture.completedFuture(intents);
        });
    }

    /** Removes the intent and its mark in one mutation, as {@link #record} wrote them. */
    void resolve(Intent intent) {
        Cql.run("resolve move", () -> session.execute(BatchStatement.newInstance(DefaultBatchType.UNLOGGED,
                delete.bind(intent.source().value(), intent.id()), unmark.bind(Set.of(intent.id()), intent.source().value()))));
    }

    /** Forgets every intent of moves out of a mailbox whose messages are gone. */
    void removeAll(MailboxId source) {
        Cql.run("remove moves", () -> session.execute(deleteAll.bind(source.value())));
    }
}
