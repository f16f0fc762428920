package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Delivery;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.MessageRepository.KeyedMessage;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.store.mailbox.UidList;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deliveries into a mailbox this process wrote before read it once before their change, on the real Cassandra,
 * and stay exactly-once and keep the UID map and flag blocks whole when another writer moved the mailbox on meanwhile.
 */
@ExtendWith(RealInfrastructureExtension.class)
class DeliveryReadsIT {

    /** The reads the driver sent, by their query, each counted once whatever its retries. */
    private static final class Reads implements RequestTracker {
        final List<String> queries = new CopyOnWriteArrayList<>();

        @Override
        public void onSuccess(Request request, long latencyNanos, DriverExecutionProfile profile, Node node, String prefix) {
            count(request);
        }

        @Override
        public void onError(Request request, Throwable error, long latencyNanos, DriverExecutionProfile profile, Node node,
                            String prefix) {
            count(request);
        }

        private void count(Request request) {
            if (request instanceof BoundStatement bound && bound.getPreparedStatement().getQuery().startsWith("SELECT")) {
                queries.add(bound.getPreparedStatement().getQuery());
            }
        }

        @Override
        public void close() {
            // Holds nothing to release.
        }
    }

    @Test
    void aDeliveryIntoAMailboxThisProcessWroteReadsItOnceBeforeItsChange(Infrastructure servers) {
        Reads reads = new Reads();
        StoreSessions.shared(servers);
        try (CqlSession session = CqlSession.builder().addContactPoint(servers.cassandra().contactPoint())
                .withLocalDatacenter(servers.cassandra().localDatacenter()).withKeyspace(StoreSessions.KEYSPACE)
                .addRequestTracker(reads).build()) {
            CassandraMessageRepository messages = new CassandraMessageRepository(session);
            MailboxId mailbox = SortDateBlocksIT.mailbox(session);
            messages.deliverAll(mailbox, keyed(0, 2));

            reads.queries.clear();
            List<Delivery> delivered = messages.deliverAll(mailbox, keyed(1, 4));

            assertThat(reads.queries).as("reads of the second delivery").hasSize(1);
            assertThat(delivered).extracting(Delivery::firstTime).containsExactly(false, true, true, true);
            assertThat(delivered).extracting(each -> each.uid().value()).containsExactly(2L, 3L, 4L, 5L);
        }
    }

    /**
     * Another process's changes take the mailbox past the blocks this one guesses (a flag block boundary, more UIDs than
     * the guess allows for), then one within them: each delivery finds the receipts the other wrote, stores the rest once,
     * and every message is in the UID map and flag blocks.
     */
    @Test
    void deliveriesAfterAnotherWritersChangesStoreEachMessageOnceInTheMaps(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository here = new CassandraMessageRepository(session);
        CassandraMessageRepository elsewhere = new CassandraMessageRepository(session);
        MailboxId mailbox = SortDateBlocksIT.mailbox(session);
        here.deliverAll(mailbox, keyed(0, 40));
        int next = 40;
        for (int rounds = 0; rounds < 5; rounds++) {
            elsewhere.deliverAll(mailbox, keyed(next, 50));
            next += 50;
        }
        // 290 messages: past the first flag block, 250 UIDs past what this process saw.
        List<Delivery> again = here.deliverAll(mailbox, keyed(next - 10, 20));
        assertThat(again.subList(0, 10)).extracting(Delivery::firstTime).containsOnly(false);
        assertThat(again.subList(10, 20)).extracting(each -> each.uid().value())
                .containsExactlyElementsOf(LongStream.rangeClosed(291, 300).boxed().toList());
        elsewhere.deliverAll(mailbox, keyed(next + 10, 5));
        List<Delivery> last = here.deliverAll(mailbox, keyed(next + 10, 10));
        assertThat(last).extracting(Delivery::firstTime).containsExactly(false, false, false, false, false,
                true, true, true, true, true);

        List<Long> stored = LongStream.rangeClosed(1, 310).boxed().toList();
        UidList uids = here.open(mailbox).uids();
        assertThat(IntStream.range(0, uids.size()).mapToObj(i -> uids.get(i).value()).toList()).isEqualTo(stored);
        assertThat(here.flags(mailbox, stored.stream().map(Uid::of).toList())).extracting(MessageFlags::uid)
                .extracting(Uid::value).isEqualTo(stored);
        assertThat(here.counters(mailbox).messages()).isEqualTo(310);
    }

    /** Messages {@code from} to {@code from + count - 1}, each under a key of its number, so a number delivered again repeats its key. */
    private static List<KeyedMessage> keyed(int from, int count) {
        List<KeyedMessage> keyed = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            keyed.add(new KeyedMessage(MessageRepositoryContract.message(100 + n, Flags.EMPTY), "message-" + n));
        }
        return keyed;
    }
}
