package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The text signature blocks SEARCH BODY rules messages out with, on the real Cassandra. */
@ExtendWith(RealInfrastructureExtension.class)
class TextSignatureBlocksIT {

    /**
     * The first read of a mailbox of three blocks' messages (more than one read takes), none kept yet (as in a mailbox written before the blocks
     * were), reads the rows and writes both blocks; the next reads answer from them (a row changed behind their back
     * is not read again), with the rows past a block's end while they are fewer than
     * {@value TextSignatureBlocks#REWRITE_AFTER}, and rewrite the block once they are that many. Messages expunged
     * since a block was written may still be named; every message there is named, with its own signature or none.
     */
    @Test
    void theFirstReadWritesTheBlocksAndLaterOnesReadOnlyTheRowsPastThem(Infrastructure servers) throws Exception {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MailboxId mailbox = mailbox(session);
        List<String> written = append(messages, mailbox, 2_200, "first");

        assertThat(facts(messages, mailbox, Uid.MIN, Uid.MAX)).isEqualTo(written);
        Map<Long, ByteBuffer> blocks = awaitBlocks(session, mailbox, stored -> stored.keySet().equals(Set.of(0L, 1L, 2L)));

        session.execute("UPDATE mailbox_data SET text_signature = ? WHERE mailbox_id = ? AND kind = 0 AND seq = 5"
                + " AND expunged_uid = 0", ByteBuffer.wrap(new byte[] {9, 9}), mailbox.value());
        assertThat(facts(messages, mailbox, Uid.MIN, Uid.MAX)).as("answered from the blocks, not the rows").isEqualTo(written);
        assertThat(facts(messages, mailbox, Uid.of(100), Uid.of(2_050))).isEqualTo(written.subList(99, 2_050));
        assertThat(messages.signedUids(mailbox, Uid.MIN, Uid.MAX, signature -> signature == null)).as("those kept alone")
                .isEqualTo(written.stream().filter(entry -> entry.endsWith(":none")).map(TextSignatureBlocksIT::uidOf).toList());

        List<Uid> expunged = LongStream.rangeClosed(1_000, 1_030).mapToObj(Uid::of).toList();
        messages.expunge(mailbox, expunged);
        List<String> later = append(messages, mailbox, TextSignatureBlocks.REWRITE_AFTER - 1, "later");
        List<String> live = new ArrayList<>(written.stream().filter(entry -> !expunged.contains(uidOf(entry))).toList());
        live.addAll(later);
        List<String> afterExpunge = facts(messages, mailbox, Uid.MIN, Uid.MAX);
        assertThat(afterExpunge).containsAll(live);
        assertThat(afterExpunge.stream().filter(entry -> !live.contains(entry)).map(TextSignatureBlocksIT::uidOf))
                .allMatch(expunged::contains);
        assertThat(afterExpunge.stream().map(entry -> uidOf(entry).value()).toList()).isSorted();
        assertThat(blocks(session, mailbox)).as("fewer rows past the block than rewrite it").isEqualTo(blocks);

        live.addAll(append(messages, mailbox, 1, "last"));
        assertThat(facts(messages, mailbox, Uid.MIN, Uid.MAX)).containsAll(live);
        awaitBlocks(session, mailbox, stored -> !stored.get(2L).equals(blocks.get(2L)));
        assertThat(blocks(session, mailbox).get(0L)).isEqualTo(blocks.get(0L));
        assertThat(blocks(session, mailbox).get(1L)).isEqualTo(blocks.get(1L));
        session.execute("UPDATE mailbox_data SET text_signature = ? WHERE mailbox_id = ? AND kind = 0 AND seq = ?"
                + " AND expunged_uid = 0", ByteBuffer.wrap(new byte[] {9, 9}), mailbox.value(), uidOf(live.get(live.size() - 1)).value());
        assertThat(facts(messages, mailbox, Uid.of(2_201), Uid.MAX)).as("the rows past the old end now in the block")
                .isEqualTo(live.subList(live.size() - TextSignatureBlocks.REWRITE_AFTER, live.size()));
    }

    /** A read of a range past every UID given out, or of an empty mailbox, names nothing and writes nothing. */
    @Test
    void aRangePastTheLastUidNamesNothing(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MailboxId mailbox = mailbox(session);

        assertThat(messages.signedUids(mailbox, Uid.MIN, Uid.MAX, signature -> true)).isEmpty();
        append(messages, mailbox, 3, "few");
        assertThat(messages.signedUids(mailbox, Uid.of(4), Uid.MAX, signature -> true)).isEmpty();
        assertThat(facts(messages, mailbox, Uid.MIN, Uid.MAX)).hasSize(3);
        assertThat(blocks(session, mailbox)).as("fewer rows than a block is written for").isEmpty();
    }

    /**
     * Appends {@code count} messages in atomic chunks, every third without a signature (as a row written before rows
     * kept them, or a message without a search text), the others with one of a length of their own; what a read
     * names of each.
     */
    private static List<String> append(MessageRepository messages, MailboxId mailbox, int count, String label) {
        List<NewMessage> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] signature = i % 3 == 0 ? null : (label + i).getBytes(StandardCharsets.UTF_8);
            all.add(new NewMessage(MessageRepositoryContract.IDS.next(),
                    MessageRepositoryContract.randomBlobKey(), 10, Instant.now(), Flags.EMPTY, null, signature));
        }
        List<String> named = new ArrayList<>();
        for (int from = 0; from < count; from += MessageRepository.MAX_ATOMIC_APPEND) {
            List<NewMessage> chunk = all.subList(from, Math.min(count, from + MessageRepository.MAX_ATOMIC_APPEND));
            List<Appended> appended = messages.appendAll(mailbox, chunk);
            for (int i = 0; i < chunk.size(); i++) {
                byte[] signature = chunk.get(i).textSignature();
                named.add(appended.get(i).uid().value() + ":" + (signature == null ? "none" : HexFormat.of().formatHex(signature)));
            }
        }
        return named;
    }

    /**
     * What a read keeping every message names, one string a message: the UID and the signature its test was given, in
     * hex, or "none". The tests come in UID order, one a message of the range.
     */
    private static List<String> facts(MessageRepository messages, MailboxId mailbox, Uid first, Uid last) {
        List<String> tested = new ArrayList<>();
        List<Uid> uids = messages.signedUids(mailbox, first, last,
                signature -> tested.add(signature == null ? "none" : HexFormat.of().formatHex(signature)));
        assertThat(uids).hasSameSizeAs(tested);
        return IntStream.range(0, uids.size()).mapToObj(i -> uids.get(i).value() + ":" + tested.get(i)).toList();
    }

    private static Uid uidOf(String named) {
        return Uid.of(Long.parseLong(named.substring(0, named.indexOf(':'))));
    }

    private static Map<Long, ByteBuffer> blocks(CqlSession session, MailboxId mailbox) {
        return session.execute("SELECT seq, text_signatures FROM mailbox_data WHERE mailbox_id = ? AND kind = 8", mailbox.value()).all()
                .stream().collect(Collectors.toMap(row -> row.getLong("seq"), (Row row) -> row.getByteBuffer("text_signatures")));
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
                .create("signatures-" + System.nanoTime() + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox().id();
    }
}
