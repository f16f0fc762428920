package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.ChangesSince;
import io.mailfleet.store.mailbox.MailboxSnapshot;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.store.mailbox.ReopenedSince;
import io.mailfleet.store.mailbox.SnapshotWithUnseen;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the reads IMAP makes most often ask Cassandra, counted by the driver: a FETCH's contents are read many keys
 * to a request, not one request per message, and opening a mailbox (SELECT) reads its state with its UID map, and no
 * intent of a move out of it when its marks say there is none.
 */
@ExtendWith(RealInfrastructureExtension.class)
class ImapReadRequestsIT {

    /** The state read on its own: the request an open saves by reading the state with the UID map. */
    private static final String STATE_READ = "SELECT next_uid, highest_modseq";

    @Test
    void theContentsOfTwentyMessagesAreReadInTwoRequests(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            CassandraMessageContentRepository contents = new CassandraMessageContentRepository(store.session());
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                MessageContent content = new MessageContent(MessageRepositoryContract.randomBlobKey(), 100 + i,
                        "(NIL \"subject " + i + "\")", "(\"text\" \"plain\")", "{}", "[]");
                contents.put(content);
                keys.add(content.blobKey());
            }
            String missing = MessageRepositoryContract.randomBlobKey();
            store.reset();

            List<String> asked = new ArrayList<>(keys);
            asked.add(missing);
            Map<String, MessageContent> found = contents.findAll(asked);

            assertThat(found).containsOnlyKeys(keys);
            IntStream.range(0, 20).forEach(i -> assertThat(found.get(keys.get(i)).envelope()).isEqualTo("(NIL \"subject " + i + "\")"));
            assertThat(store.reads()).as("the reads of 21 contents").hasSize(2);
        }
    }

    @Test
    void openingAMailboxReadsItsStateWithItsUidMap(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            CassandraMessageRepository messages = store.newMessageRepository();
            MailboxId mailbox = store.newInbox();
            messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(10, Flags.EMPTY),
                    MessageRepositoryContract.message(20, Flags.EMPTY), MessageRepositoryContract.message(30, Flags.EMPTY)));
            ModSeq beforeExpunge = messages.counters(mailbox).highestModSeq();
            messages.expunge(mailbox, List.of(Uid.of(2)));
            store.reset();

            MailboxSnapshot opened = messages.open(mailbox);

            assertThat(uids(opened)).containsExactly(1L, 3L);
            assertThat(opened.counters().messages()).isEqualTo(2);
            assertThat(opened.counters().nextUid()).isEqualTo(Uid.of(4));
            // The UID map with the state and the marks of moves out of the mailbox, which say there is none to read.
            assertThat(store.reads()).as("the reads of an open").hasSize(1).noneMatch(query -> query.startsWith(STATE_READ));

            store.reset();
            ReopenedSince reopened = messages.openSince(mailbox, beforeExpunge);

            assertThat(uids(reopened.snapshot())).containsExactly(1L, 3L);
            assertThat(((ChangesSince.Changes) reopened.changes()).expunged()).extracting(gone -> gone.uid().value())
                    .containsExactly(2L);
            // As an open, then the change and expunge logs and whether they reach back to the client's MODSEQ.
            assertThat(store.reads()).as("the reads of an open since a MODSEQ").hasSize(4)
                    .noneMatch(query -> query.startsWith(STATE_READ));
        }
    }

    @Test
    void anImap4rev1SelectReadsTheStateTheUidMapAndTheFirstUnseenMessageInOneRequest(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            CassandraMessageRepository messages = store.newMessageRepository();
            MailboxId mailbox = store.newInbox();
            messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(10, Flags.of(Flag.SEEN)),
                    MessageRepositoryContract.message(20, Flags.EMPTY), MessageRepositoryContract.message(30, Flags.EMPTY)));
            store.reset();

            SnapshotWithUnseen opened = messages.openWithFirstUnseen(mailbox);

            assertThat(uids(opened.snapshot())).containsExactly(1L, 2L, 3L);
            assertThat(opened.firstUnseen()).contains(Uid.of(2));
            assertThat(store.reads()).as("the reads of an IMAP4rev1 open").hasSize(1);
        }
    }

    @Test
    void aFirstUnseenMessagePastTheFlagBlocksReadWithTheMapIsFound(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            CassandraMessageRepository messages = store.newMessageRepository();
            MailboxId mailbox = store.newInbox();
            // 2,100 seen messages fill more than the first 8 flag blocks (2,048 UIDs); then one unseen.
            for (int i = 0; i < 42; i++) {
                messages.appendAll(mailbox, IntStream.range(0, 50).mapToObj(n -> MessageRepositoryContract.message(1, Flags.of(Flag.SEEN)))
                        .toList());
            }
            assertThat(messages.openWithFirstUnseen(mailbox).firstUnseen()).isEmpty();
            messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(1, Flags.EMPTY)));

            SnapshotWithUnseen opened = messages.openWithFirstUnseen(mailbox);

            assertThat(opened.snapshot().uids().size()).isEqualTo(2101);
            assertThat(opened.firstUnseen()).contains(Uid.of(2101));
        }
    }

    @Test
    void aMailboxWithoutMessagesOpensFromItsStateWithoutReadingItsMapTwice(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            CassandraMessageRepository messages = store.newMessageRepository();
            MailboxId mailbox = store.newInbox();
            messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(10, Flags.EMPTY)));
            messages.expunge(mailbox, List.of(Uid.of(1)));
            store.reset();

            MailboxSnapshot opened = messages.open(mailbox);

            assertThat(uids(opened)).isEmpty();
            assertThat(opened.counters().messages()).isZero();
            assertThat(opened.counters().nextUid()).isEqualTo(Uid.of(2));
            // The moves, the map that has no block, and the state: as many reads as before the state came with the map.
            assertThat(store.reads()).as("the reads of an empty mailbox's open").hasSize(3);
            assertThat(uids(messages.openSince(mailbox, ModSeq.of(1)).snapshot())).isEmpty();
        }
    }

    private static List<Long> uids(MailboxSnapshot snapshot) {
        return IntStream.range(0, snapshot.uids().size()).mapToObj(i -> snapshot.uids().get(i).value()).toList();
    }
}
