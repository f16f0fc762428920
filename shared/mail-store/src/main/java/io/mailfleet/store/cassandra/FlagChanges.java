package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.FlagsChange;
import io.mailfleet.store.mailbox.StoreResult;
import io.mailfleet.store.mailbox.StoredMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import static io.mailfleet.store.cassandra.ConditionalChanges.MAX_ATTEMPTS;
import static io.mailfleet.store.cassandra.ConditionalChanges.applied;
import static io.mailfleet.store.cassandra.ConditionalChanges.backOff;
import static io.mailfleet.store.cassandra.ConditionalChanges.batch;
import static io.mailfleet.store.cassandra.ConditionalChanges.busy;
import static io.mailfleet.store.cassandra.ConditionalChanges.chunks;
import static io.mailfleet.store.cassandra.ConditionalChanges.sortedDistinct;

/**
 * Flag changes: of one message, or of a set cut into chunks of {@link MessageReads#KEY_LOOKUP}
 * UIDs, one Paxos round each, every changed message under a MODSEQ of its own.
 */
final class FlagChanges {

    private final MessageStatements statements;
    private final MailboxState.Statements state;
    private final MessageReads reads;
    private final MessageStoreSettings settings;

    FlagChanges(MessageStatements statements, MailboxState.Statements state, MessageReads reads, MessageStoreSettings settings) {
        this.statements = statements;
        this.state = state;
        this.reads = reads;
        this.settings = settings;
    }

    Optional<FlagsChange> updateFlags(MailboxId mailbox, Uid uid, UnaryOperator<Flags> change) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MailboxState before = state.read(mailbox);
            Optional<StoredMessage> current = reads.find(mailbox, uid);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            StoredMessage message = current.get();
            Flags flags = change.apply(message.flags());
            if (flags.equals(message.flags())) {
                return Optional.of(new FlagsChange(flags, message.modSeq(), false));
            }
            MailboxState after = before.change(unseen(flags) - unseen(message.flags()));
            long modSeq = after.highestModSeq();
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            flagChange(mailbox, message, flags, modSeq).forEach(batch::addStatement);
            if (applied(statements.session, batch.build(), () -> reads.modSeqNow(mailbox, uid) == modSeq)) {
                return Optional.of(new FlagsChange(flags, ModSeq.of(modSeq), true));
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    StoreResult store(MailboxId mailbox, Collection<Uid> uids, FlagUpdate update, Optional<ModSeq> unchangedSince) {
        List<StoreResult.Updated> updated = new ArrayList<>();
        List<Uid> modified = new ArrayList<>();
        for (List<Long> chunk : chunks(sortedDistinct(uids), MessageReads.KEY_LOOKUP)) {
            StoreResult result = storeChunk(mailbox, chunk, update, unchangedSince);
            updated.addAll(result.updated());
            modified.addAll(result.modified());
        }
        return new StoreResult(updated, modified);
    }

    private StoreResult storeChunk(MailboxId mailbox, List<Long> uids, FlagUpdate update, Optional<ModSeq> unchangedSince) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MailboxState before = state.read(mailbox);
            List<StoreResult.Updated> updated = new ArrayList<>();
            List<Uid> modified = new ArrayList<>();
            List<BoundStatement> changes = new ArrayList<>();
            long modSeq = before.highestModSeq();
            long unseenDelta = 0;
            for (StoredMessage message : reads.chunk(mailbox, uids)) {
                if (unchangedSince.isPresent() && message.modSeq().isAfter(unchangedSince.get())) {
                    modified.add(message.uid());
                    continue;
                }
                Flags flags = update.applyTo(message.flags());
                if (flags.equals(message.flags())) {
                    continue;
                }
                modSeq++;
                unseenDelta += unseen(flags) - unseen(message.flags());
                changes.addAll(flagChange(mailbox, message, flags, modSeq));
                updated.add(new StoreResult.Updated(message.uid(), flags, ModSeq.of(modSeq)));
            }
            if (updated.isEmpty()) {
                return new StoreResult(updated, modified);
            }
            MailboxState after = before.change(updated.size(), unseenDelta);
            StoreResult.Updated first = updated.get(0);
            BatchStatementBuilder batch = batch().addStatement(state.advance(mailbox, before, after));
            changes.forEach(batch::addStatement);
            if (applied(statements.session, batch.build(), () -> reads.modSeqNow(mailbox, first.uid()) == first.modSeq().value())) {
                return new StoreResult(updated, modified);
            }
            backOff(attempt);
        }
        throw busy(mailbox);
    }

    /** The statements that give one message new flags under {@code modSeq} and log it. */
    private List<BoundStatement> flagChange(MailboxId mailbox, StoredMessage message, Flags flags, long modSeq) {
        long uid = message.uid().value();
        List<BoundStatement> changes = new ArrayList<>(4);
        changes.add(statements.setModSeq.bind(modSeq, mailbox.value(), uid));
        Flags added = flags.without(message.flags());
        Flags removed = message.flags().without(flags);
        if (!added.isEmpty()) {
            changes.add(statements.addFlags.bind(new TreeSet<>(added.asStrings()), mailbox.value(), uid));
        }
        if (!removed.isEmpty()) {
            changes.add(statements.removeFlags.bind(new TreeSet<>(removed.asStrings()), mailbox.value(), uid));
        }
        changes.add(statements.insertChange.bind(mailbox.value(), modSeq, uid, settings.logTtlSeconds()));
        return changes;
    }

    private static long unseen(Flags flags) {
        return flags.contains(Flag.SEEN) ? 0 : 1;
    }
}
