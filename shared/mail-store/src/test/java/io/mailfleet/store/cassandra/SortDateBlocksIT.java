package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.Copied;
import io.mailfleet.store.mailbox.DateFacts;
import io.mailfleet.store.mailbox.Delivery;
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

import static org.assertj.core.api.Assertions.assertThat;

/** The sort date blocks SORT by DATE, ARRIVAL and SIZE reads, on the real Cassandra. */
@ExtendWith(RealInfrastructureExtension.class)
class SortDateBlocksIT {

    /**
     * APPEND, delivery and COPY write each message's cell with its row, so the first read of a mailbox of two blocks'
     * messages answers from the cells, not from the rows (a row changed behind their back is not read).
     */
    @Test
    void theChangesThatAddMessagesWriteTheirCellsSoTheFirstReadReadsNoRow(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MailboxId mailbox = mailbox(session);
        List<DateFacts> written = new ArrayList<>(append(messages, mailbox, 4_150, SortDateBlocksIT::dated));
        written.addAll(deliver(messages, mailbox, 50, i -> dated(4_150 + i)));
        changeRowsBehindTheBlocks(session, mailbox, 5, 4_100, 4_200);

        assertThat(messages.dateFacts(mailbox, uids(written))).isEqualTo(written);
        assertThat(cells(session, mailbox).keySet()).isEqualTo(Set.of(0L, 1L));
        assertThat(messages.dateFacts(mailbox, new long[] {100, 4_100})).isEqualTo(List.of(written.get(99), written.get(4_099)));

        MailboxId target = mailbox(session);
        List<Copied> copied = messages.copy(mailbox, target, List.of(Uid.of(7), Uid.of(8)));
        changeRowsBehindTheBlocks(session, target, 1, 2);
        assertThat(messages.dateFacts(target, new long[] {1, 2})).isEqualTo(List.of(
                copyOf(written.get(6), copied.get(0).target()), copyOf(written.get(7), copied.get(1).target())));
    }

    /**
     * A message without a cell (added before the cells, or by an instance without them) is read from its row, which
     * the read then writes its cell from; a UID asked for that has neither cell nor row is left out, and a cell
     * outlives its message's expunge, so only the UIDs asked for are answered.
     */
    @Test
    void messagesWithoutCellsAreReadFromTheirRowsWhichWriteTheirCells(Infrastructure servers) throws Exception {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MailboxId mailbox = mailbox(session);
        List<DateFacts> written = append(messages, mailbox, 100, SortDateBlocksIT::dated);
        session.execute("UPDATE mailbox_data SET sort_date_cells = sort_date_cells - {10, 11, 60}"
                + " WHERE mailbox_id = ? AND kind = 6 AND seq = 0 AND expunged_uid = 0", mailbox.value());
        messages.expunge(mailbox, List.of(Uid.of(11), Uid.of(20)));
        List<DateFacts> left = written.stream().filter(facts -> facts.uid().value() != 11 && facts.uid().value() != 20).toList();

        assertThat(messages.dateFacts(mailbox, uids(written))).as("UID 11 has neither cell nor row; UID 20's cell outlived it")
                .isEqualTo(written.stream().filter(facts -> facts.uid().value() != 11).toList());
        assertThat(messages.dateFacts(mailbox, uids(left))).isEqualTo(left);
        awaitCells(session, mailbox, cells -> cells.get(0L).containsAll(Set.of(10L, 60L)));
        changeRowsBehindTheBlocks(session, mailbox, 10, 60);
        assertThat(messages.dateFacts(mailbox, uids(left))).as("answered from the cells written by the read").isEqualTo(left);
    }

    /** Rows written before rows kept sort keys have no sent date to give: they get no cell, and are read again. */
    @Test
    void rowsWithoutSortKeysGiveNoSentDateAndGetNoCell(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MailboxId mailbox = mailbox(session);
        List<DateFacts> unsorted = append(messages, mailbox, 100, i -> MessageRepositoryContract.message(i, Flags.EMPTY));

        assertThat(messages.dateFacts(mailbox, uids(unsorted))).isEqualTo(unsorted).allMatch(facts -> facts.sentDate() == null);
        assertThat(cells(session, mailbox)).isEmpty();
    }

    /** Message {@code n}: its size and sent date are its own. */
    private static NewMessage dated(int n) {
        NewMessage message = MessageRepositoryContract.sortedMessage(100 + n, "s" + n);
        return new NewMessage(message.messageId(), message.blobKey(), message.size(), message.internalDate(), message.flags(),
                new io.mailfleet.store.mailbox.SortFields(Instant.parse("2026-11-01T00:00:00Z").plusSeconds(7L * n),
                        message.sortFields().subject(), message.sortFields().from(), message.sortFields().to(),
                        message.sortFields().cc(), message.sortFields().displayFrom(), message.sortFields().displayTo(), null),
                null);
    }

    /** Gives the rows of {@code uids} another sent date, as the cells, which are kept instead of them, do not say. */
    private static void changeRowsBehindTheBlocks(CqlSession session, MailboxId mailbox, long... uids) {
        for (long uid : uids) {
            session.execute("UPDATE mailbox_data SET sent_date = ? WHERE mailbox_id = ? AND kind = 0 AND seq = ? AND expunged_uid = 0",
                    Instant.EPOCH, mailbox.value(), uid);
        }
    }

    private static DateFacts copyOf(DateFacts original, Uid uid) {
        return new DateFacts(uid, original.size(), original.internalDate(), original.sentDate());
    }

    private static long[] uids(List<DateFacts> facts) {
        return facts.stream().mapToLong(each -> each.uid().value()).toArray();
    }

    /** Appends {@code count} messages made by {@code made}, in atomic chunks; what a cell keeps of each. */
    private static List<DateFacts> append(MessageRepository messages, MailboxId mailbox, int count, IntFunction<NewMessage> made) {
        List<NewMessage> all = IntStream.range(0, count).mapToObj(made).toList();
        List<DateFacts> facts = new ArrayList<>();
        for (int from = 0; from < count; from += MessageRepository.MAX_ATOMIC_APPEND) {
            List<NewMessage> chunk = all.subList(from, Math.min(count, from + MessageRepository.MAX_ATOMIC_APPEND));
            List<Appended> appended = messages.appendAll(mailbox, chunk);
            for (int i = 0; i < chunk.size(); i++) {
                facts.add(factsOf(chunk.get(i), appended.get(i).uid()));
            }
        }
        return facts;
    }

    /** Delivers {@code count} messages made by {@code made}, as one change; what a cell keeps of each. */
    private static List<DateFacts> deliver(MessageRepository messages, MailboxId mailbox, int count, IntFunction<NewMessage> made) {
        List<NewMessage> all = IntStream.range(0, count).mapToObj(made).toList();
        List<Delivery> delivered = messages.deliverAll(mailbox, all.stream()
                .map(message -> new MessageRepository.KeyedMessage(message, "key-" + message.messageId())).toList());
        return IntStream.range(0, count).mapToObj(i -> factsOf(all.get(i), delivered.get(i).uid())).toList();
    }

    private static DateFacts factsOf(NewMessage message, Uid uid) {
        return new DateFacts(uid, message.size(), message.internalDate(),
                message.sortFields() == null ? null : message.sortFields().sentDate());
    }

    /** The UIDs of the cells of each block. */
    private static Map<Long, Set<Long>> cells(CqlSession session, MailboxId mailbox) {
        return session.execute("SELECT seq, sort_date_cells FROM mailbox_data WHERE mailbox_id = ? AND kind = 6", mailbox.value()).all()
                .stream().filter(row -> !row.isNull("sort_date_cells")).collect(Collectors.toMap(row -> row.getLong("seq"),
                        (Row row) -> row.getMap("sort_date_cells", Long.class, ByteBuffer.class).keySet()));
    }

    /** The cells once they satisfy {@code written}: a read writes them without waiting for the write. */
    private static void awaitCells(CqlSession session, MailboxId mailbox, Predicate<Map<Long, Set<Long>>> written)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<Long, Set<Long>> cells = cells(session, mailbox);
        while (!written.test(cells) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            cells = cells(session, mailbox);
        }
        assertThat(written.test(cells)).as("cells written: %s", cells).isTrue();
    }

    static MailboxId mailbox(CqlSession session) {
        return new CassandraMailboxRepository(session, Clock.systemUTC())
                .create("sort-dates-" + System.nanoTime() + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox().id();
    }
}
