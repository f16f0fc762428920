package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.DateFacts;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The sort date blocks SORT by DATE, ARRIVAL and SIZE reads, on the real Cassandra. */
@ExtendWith(RealInfrastructureExtension.class)
class SortDateBlocksIT {

    /**
     * The first read of a mailbox of two blocks' messages reads the rows and writes both blocks; the next reads
     * answer from them (a row changed behind their back is not read again), with the rows past a block's end while
     * they are fewer than {@value SortDateBlocks#REWRITE_AFTER}, and rewrite the block once they are that many.
     * Messages expunged since a block was written may still be named; every message there is named, with its own facts.
     */
    @Test
    void theFirstReadWritesTheBlocksAndLaterOnesReadOnlyTheRowsPastThem(Infrastructure servers) throws Exception {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MailboxId mailbox = mailbox(session);
        List<DateFacts> written = append(messages, mailbox, 4_200, i -> MessageRepositoryContract.sortedMessage(100 + i, "s" + i));

        assertThat(messages.dateFacts(mailbox, Uid.MIN, Uid.MAX)).isEqualTo(written);
        Map<Long, ByteBuffer> blocks = awaitBlocks(session, mailbox, stored -> stored.keySet().equals(Set.of(0L, 1L)));

        session.execute("UPDATE mailbox_data SET sent_date = ? WHERE mailbox_id = ? AND kind = 0 AND seq = 5 AND expunged_uid = 0",
                Instant.EPOCH, mailbox.value());
        assertThat(messages.dateFacts(mailbox, Uid.MIN, Uid.MAX)).as("answered from the blocks, not the rows").isEqualTo(written);
        assertThat(messages.dateFacts(mailbox, Uid.of(100), Uid.of(4_100))).isEqualTo(written.subList(99, 4_100));

        List<Uid> expunged = LongStream.rangeClosed(4_090, 4_110).mapToObj(Uid::of).toList();
        messages.expunge(mailbox, expunged);
        List<DateFacts> later = append(messages, mailbox, SortDateBlocks.REWRITE_AFTER - 1,
                i -> MessageRepositoryContract.sortedMessage(i, "later" + i));
        List<DateFacts> afterExpunge = messages.dateFacts(mailbox, Uid.MIN, Uid.MAX);
        List<DateFacts> live = new ArrayList<>(written.stream().filter(facts -> !expunged.contains(facts.uid())).toList());
        live.addAll(later);
        assertThat(afterExpunge).containsAll(live);
        assertThat(afterExpunge.stream().filter(facts -> !live.contains(facts)).map(DateFacts::uid)).allMatch(expunged::contains);
        assertThat(afterExpunge).isSortedAccordingTo(java.util.Comparator.comparing(DateFacts::uid));
        assertThat(blocks(session, mailbox)).as("fewer rows past the block than rewrite it").isEqualTo(blocks);

        live.addAll(append(messages, mailbox, 1, i -> MessageRepositoryContract.sortedMessage(i, "last")));
        assertThat(messages.dateFacts(mailbox, Uid.MIN, Uid.MAX)).containsAll(live);
        awaitBlocks(session, mailbox, stored -> !stored.get(1L).equals(blocks.get(1L)));
        assertThat(blocks(session, mailbox).get(0L)).isEqualTo(blocks.get(0L));
        assertThat(messages.dateFacts(mailbox, Uid.of(4_201), Uid.MAX)).isEqualTo(live.subList(live.size() - SortDateBlocks.REWRITE_AFTER,
                live.size()));
    }

    /** Rows written before rows kept sort keys have no sent date to give: their block is not written, and they are read again. */
    @Test
    void rowsWithoutSortKeysGiveNoSentDateAndGetNoBlock(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MailboxId mailbox = mailbox(session);
        List<DateFacts> unsorted = append(messages, mailbox, 100, i -> MessageRepositoryContract.message(i, Flags.EMPTY));

        assertThat(messages.dateFacts(mailbox, Uid.MIN, Uid.MAX)).isEqualTo(unsorted).allMatch(facts -> facts.sentDate() == null);
        assertThat(blocks(session, mailbox)).isEmpty();
    }

    /** Appends {@code count} messages made by {@code made}, in atomic chunks; what a block keeps of each. */
    private static List<DateFacts> append(MessageRepository messages, MailboxId mailbox, int count, IntFunction<NewMessage> made) {
        List<NewMessage> all = IntStream.range(0, count).mapToObj(made).toList();
        List<DateFacts> facts = new ArrayList<>();
        for (int from = 0; from < count; from += MessageRepository.MAX_ATOMIC_APPEND) {
            List<NewMessage> chunk = all.subList(from, Math.min(count, from + MessageRepository.MAX_ATOMIC_APPEND));
            List<Appended> appended = messages.appendAll(mailbox, chunk);
            for (int i = 0; i < chunk.size(); i++) {
                NewMessage message = chunk.get(i);
                facts.add(new DateFacts(appended.get(i).uid(), message.size(), message.internalDate(),
                        message.sortFields() == null ? null : message.sortFields().sentDate()));
            }
        }
        return facts;
    }

    private static Map<Long, ByteBuffer> blocks(CqlSession session, MailboxId mailbox) {
        return session.execute("SELECT seq, sort_dates FROM mailbox_data WHERE mailbox_id = ? AND kind = 6", mailbox.value()).all()
                .stream().collect(Collectors.toMap(row -> row.getLong("seq"), (Row row) -> row.getByteBuffer("sort_dates")));
    }

    /** The blocks once they satisfy {@code written}: a read writes them without waiting for the write. */
    static Map<Long, ByteBuffer> awaitBlocks(CqlSession session, MailboxId mailbox, Predicate<Map<Long, ByteBuffer>> written)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<Long, ByteBuffer> blocks = blocks(session, mailbox);
        while (!written.test(blocks) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            blocks = blocks(session, mailbox);
        }
        assertThat(written.test(blocks)).as("blocks written: %s", blocks.keySet()).isTrue();
        return blocks;
    }

    private static MailboxId mailbox(CqlSession session) {
        return new CassandraMailboxRepository(session, Clock.systemUTC())
                .create("sort-dates-" + System.nanoTime() + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox().id();
    }
}
