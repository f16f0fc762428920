package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The unseen count kept with each flag block (migration 014), which the first unseen message is found by. */
@ExtendWith(RealInfrastructureExtension.class)
class FlagBlockUnseenIT {

    @Test
    void eachBlockCountsItsUnseenMessagesAndABlockWithoutACountIsReadWhole(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MailboxId mailbox = new CassandraMailboxRepository(session, Clock.systemUTC())
                .create("unseen-" + System.nanoTime() + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox().id();
        for (int i = 0; i < 600 / MessageRepository.MAX_ATOMIC_APPEND; i++) {
            messages.appendAll(mailbox, Stream.generate(() -> MessageRepositoryContract.message(10, Flags.of(Flag.SEEN)))
                    .limit(MessageRepository.MAX_ATOMIC_APPEND).toList());
        }
        Uid last = messages.append(mailbox, MessageRepositoryContract.message(10, Flags.EMPTY)).uid();
        messages.store(mailbox, List.of(Uid.of(300), Uid.of(301)), FlagUpdate.remove(Flags.of(Flag.SEEN)), Optional.empty());

        assertThat(unseenCounts(session, mailbox)).as("UIDs 1-255, 256-511 and 512-601")
                .isEqualTo(Map.of(0L, 0, 1L, 2, 2L, 1));
        assertThat(messages.firstUnseen(mailbox)).contains(Uid.of(300));

        // The blocks as a store before migration 014 left them: entries without a count.
        for (long block = 0; block <= 2; block++) {
            session.execute("UPDATE mailbox_data SET flag_unseen = null WHERE mailbox_id = ? AND kind = 5 AND seq = ?"
                    + " AND expunged_uid = 0", mailbox.value(), block);
        }
        messages.store(mailbox, List.of(Uid.of(300), Uid.of(301)), FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.empty());
        assertThat(unseenCounts(session, mailbox)).as("the change wrote block 1 with its count").containsEntry(1L, 0)
                .containsEntry(2L, null);
        assertThat(messages.firstUnseen(mailbox)).as("found in a block without a count").contains(last);
    }

    /**
     * The first blocks are read whole, entries with counts; past them only the counts are read, up to the
     * first block that has an unseen message.
     */
    @Test
    void pastTheBlocksReadWholeTheCountsLeadToTheFirstUnseen(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MailboxId mailbox = new CassandraMailboxRepository(session, Clock.systemUTC())
                .create("unseen-far-" + System.nanoTime() + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox().id();
        // 3,100 messages: blocks 0 to 12 of 256 UIDs each.
        for (int i = 0; i < 3100 / MessageRepository.MAX_ATOMIC_APPEND; i++) {
            messages.appendAll(mailbox, Stream.generate(() -> MessageRepositoryContract.message(10, Flags.of(Flag.SEEN)))
                    .limit(MessageRepository.MAX_ATOMIC_APPEND).toList());
        }
        assertThat(messages.firstUnseen(mailbox)).as("every message seen").isEmpty();
        messages.store(mailbox, List.of(Uid.of(2565), Uid.of(3000)), FlagUpdate.remove(Flags.of(Flag.SEEN)), Optional.empty());

        assertThat(messages.firstUnseen(mailbox)).as("in block 10").contains(Uid.of(2565));
        messages.store(mailbox, List.of(Uid.of(2565)), FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.empty());
        assertThat(messages.firstUnseen(mailbox)).as("in block 11").contains(Uid.of(3000));
        messages.store(mailbox, List.of(Uid.of(2000)), FlagUpdate.remove(Flags.of(Flag.SEEN)), Optional.empty());
        assertThat(messages.firstUnseen(mailbox)).as("in block 7, among those read whole").contains(Uid.of(2000));
    }

    private static Map<Long, Integer> unseenCounts(CqlSession session, MailboxId mailbox) {
        Map<Long, Integer> counts = new HashMap<>();
        for (Row row : session.execute("SELECT seq, flag_unseen FROM mailbox_data WHERE mailbox_id = ? AND kind = 5",
                mailbox.value())) {
            counts.put(row.getLong("seq"), row.isNull("flag_unseen") ? null : row.getInt("flag_unseen"));
        }
        return counts;
    }
}
