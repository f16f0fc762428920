package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.StoreUnavailableException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * How a change of a mailbox is written: one conditional batch on its partition, guarded by the
 * mailbox state, retried after a random pause when another writer moved the state first.
 */
final class ConditionalChanges {

    /** Beyond this many lost races in a row the mailbox is too busy: a temporary failure, not a hang. */
    static final int MAX_ATTEMPTS = 200;

    private ConditionalChanges() {
    }

    static BatchStatementBuilder batch() {
        return BatchStatement.builder(BatchType.UNLOGGED).setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
    }

    /**
     * Runs a conditional batch. When Cassandra cannot say whether it applied (a Paxos round that
     * timed out), {@code landed} decides after a serial read, which finishes or discards that round.
     */
    static boolean applied(CqlSession session, BatchStatement batch, BooleanSupplier landed) {
        try {
            return session.execute(batch).wasApplied();
        } catch (CASWriteUnknownException e) {
            return landed.getAsBoolean();
        } catch (WriteTimeoutException e) {
            if (e.getWriteType() == WriteType.CAS) {
                return landed.getAsBoolean();
            }
            throw new StoreUnavailableException("mailbox change timed out: " + e.getMessage(), e);
        } catch (QueryValidationException bug) {
            throw bug;
        } catch (DriverException e) {
            throw new StoreUnavailableException("mailbox change failed: " + e.getMessage(), e);
        }
    }

    /** Random pauses that grow with the number of lost races, so racing writers stop colliding in step. */
    static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(Math.min(attempt, 20) * 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying a mailbox change");
        }
    }

    static StoreUnavailableException busy(MailboxId mailbox) {
        return new StoreUnavailableException("mailbox " + mailbox + " has too many concurrent changes; try again");
    }

    static List<Long> sortedDistinct(Collection<Uid> uids) {
        return uids.stream().map(Uid::value).distinct().sorted().toList();
    }

    static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
    }
}
