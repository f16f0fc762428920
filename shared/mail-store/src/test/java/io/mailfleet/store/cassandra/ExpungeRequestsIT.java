package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.ExpungeResult;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an EXPUNGE asks Cassandra, counted by the driver: the flag blocks that found the {@code \Deleted} marks,
 * read with the mailbox state the change is guarded by, are the ones the change writes back, not read again, and
 * name the survivors around the messages, whose rows are then read with their UID map blocks in one request; and
 * above the newest message there is nothing to look for. The rows of messages this process marked come with the
 * flag blocks, in their read, and a mark another process changed is found in the blocks all the same.
 */
@ExtendWith(RealInfrastructureExtension.class)
class ExpungeRequestsIT {

    private static long flagBlockReads(CountedStore store) {
        return store.queries().stream().filter(query -> query.startsWith("SELECT seq, flag_entries")).count();
    }

    @Test
    void anExpungeReadsTheFlagBlocksOnceAndRemovesOnlyTheMarkedMessage(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            CassandraMessageRepository messages = store.newMessageRepository();
            MailboxId mailbox = store.newInbox();
            appendThreeTheMiddleOneDeleted(messages, mailbox);
            store.queries().clear();

            ExpungeResult result = messages.expungeDeleted(mailbox, List.of(Uid.of(1), Uid.of(2)), Optional.of(Uid.of(3)));

            assertThat(result.expunged()).extracting(expunged -> expunged.uid().value()).containsExactly(2L);
            assertThat(flagBlockReads(store)).as("reads of flag blocks in %s", store.queries()).isEqualTo(1);
            assertThat(messages.flags(mailbox, List.of(Uid.of(1), Uid.of(2), Uid.of(3)))).extracting(flags -> flags.uid().value())
                    .containsExactly(1L, 3L);
        }
    }

    @Test
    void theExpungeOfTheNewestMessageLooksForNoMessageAboveIt(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            CassandraMessageRepository messages = store.newMessageRepository();
            MailboxId mailbox = store.newInbox();
            messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(10, Flags.EMPTY),
                    MessageRepositoryContract.message(20, Flags.of(Flag.DELETED))));
            store.queries().clear();

            ExpungeResult result = messages.expungeDeleted(mailbox, List.of(Uid.of(1), Uid.of(2)), Optional.of(Uid.of(3)));

            assertThat(result.expunged()).extracting(expunged -> expunged.uid().value()).containsExactly(2L);
            assertThat(store.queries()).as("the reads of the expunge").noneMatch(query -> query.contains("seq > ? LIMIT 1"));
            // Gone with a range deletion that spans from the survivor below up to the next UID: its neighbours stay.
            messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(30, Flags.EMPTY)));
            assertThat(messages.flags(mailbox, List.of(Uid.of(1), Uid.of(2), Uid.of(3)))).extracting(flags -> flags.uid().value())
                    .containsExactly(1L, 3L);
        }
    }

    @Test
    void anExpungeReadsTheMarksWithTheStateThenTheRowsWithTheirUidMapBlock(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            CassandraMessageRepository messages = store.newMessageRepository();
            MailboxId mailbox = store.newInbox();
            appendThreeTheMiddleOneDeleted(messages, mailbox);
            store.reset();

            ExpungeResult result = messages.expungeDeleted(mailbox, List.of(Uid.of(1), Uid.of(2), Uid.of(3)), Optional.of(Uid.of(4)));

            assertThat(result.expunged()).extracting(expunged -> expunged.uid().value()).containsExactly(2L);
            // The neighbours of the expunged message are in the flag block read first: no row of theirs is read.
            assertThat(store.reads()).as("the reads of the expunge").hasSize(2);
            assertThat(messages.counters(mailbox).bytes()).isEqualTo(40);
            assertThat(messages.open(mailbox).uids().size()).isEqualTo(2);
            assertThat(messages.flags(mailbox, List.of(Uid.of(1), Uid.of(2), Uid.of(3)))).extracting(flags -> flags.uid().value())
                    .containsExactly(1L, 3L);
        }
    }

    @Test
    void aUidExpungeWhoseSurvivorBelowIsInABlockNotReadLooksForItAndDeletesNoSurvivor(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            CassandraMessageRepository messages = store.newMessageRepository();
            MailboxId mailbox = store.newInbox();
            for (int i = 0; i < 6; i++) {
                messages.appendAll(mailbox, IntStream.range(0, 50).mapToObj(n -> MessageRepositoryContract.message(1, Flags.EMPTY)).toList());
            }
            // UIDs 1 to 255 fill the first flag block; 256 to 299 go, so 300's survivor below is in the first block.
            messages.expunge(mailbox, LongStream.rangeClosed(256, 299).mapToObj(Uid::of).toList());
            messages.store(mailbox, List.of(Uid.of(300)), FlagUpdate.add(Flags.of(Flag.DELETED)), Optional.empty());

            ExpungeResult result = messages.expungeDeleted(mailbox, List.of(Uid.of(300)), Optional.empty());

            assertThat(result.expunged()).extracting(expunged -> expunged.uid().value()).containsExactly(300L);
            assertThat(messages.range(mailbox, Uid.of(1), Uid.of(400), 1000)).hasSize(255);
            assertThat(messages.open(mailbox).uids().size()).isEqualTo(255);
            assertThat(messages.counters(mailbox).messages()).isEqualTo(255);
        }
    }

    @Test
    void anExpungeOfWhatThisProcessMarkedReadsTheRowsWithTheMarksBeforeItsChange(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            CassandraMessageRepository messages = store.newMessageRepository();
            MailboxId mailbox = store.newInbox();
            messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(10, Flags.EMPTY),
                    MessageRepositoryContract.message(20, Flags.of(Flag.SEEN)), MessageRepositoryContract.message(30, Flags.EMPTY)));
            messages.store(mailbox, List.of(Uid.of(2)), FlagUpdate.add(Flags.of(Flag.DELETED)), Optional.empty());
            store.reset();

            ExpungeResult result = messages.expungeDeleted(mailbox, List.of(Uid.of(1), Uid.of(2), Uid.of(3)), Optional.of(Uid.of(4)));

            assertThat(result.expunged()).extracting(expunged -> expunged.uid().value()).containsExactly(2L);
            assertThat(store.reads()).as("the reads of the expunge").hasSize(1);
            assertThat(messages.counters(mailbox).bytes()).isEqualTo(40);
            assertThat(messages.counters(mailbox).unseen()).isEqualTo(2);
            assertThat(messages.open(mailbox).uids().size()).isEqualTo(2);
            assertThat(messages.flags(mailbox, List.of(Uid.of(1), Uid.of(2), Uid.of(3)))).extracting(flags -> flags.uid().value())
                    .containsExactly(1L, 3L);
        }
    }

    @Test
    void marksChangedByAnotherProcessAreFoundInTheFlagBlocksNotInTheGuess(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            CassandraMessageRepository messages = store.newMessageRepository();
            CassandraMessageRepository other = store.newMessageRepository();
            MailboxId mailbox = store.newInbox();
            messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(10, Flags.EMPTY),
                    MessageRepositoryContract.message(20, Flags.EMPTY), MessageRepositoryContract.message(30, Flags.EMPTY)));
            messages.store(mailbox, List.of(Uid.of(2)), FlagUpdate.add(Flags.of(Flag.DELETED)), Optional.empty());
            other.store(mailbox, List.of(Uid.of(2)), FlagUpdate.remove(Flags.of(Flag.DELETED)), Optional.empty());
            other.store(mailbox, List.of(Uid.of(3)), FlagUpdate.add(Flags.of(Flag.DELETED)), Optional.empty());

            ExpungeResult result = messages.expungeDeleted(mailbox, List.of(Uid.of(1), Uid.of(2), Uid.of(3)), Optional.of(Uid.of(4)));

            assertThat(result.expunged()).extracting(expunged -> expunged.uid().value()).containsExactly(3L);
            assertThat(messages.counters(mailbox).bytes()).isEqualTo(30);
            assertThat(messages.counters(mailbox).messages()).isEqualTo(2);
            assertThat(messages.open(mailbox).uids().size()).isEqualTo(2);
            assertThat(messages.flags(mailbox, List.of(Uid.of(1), Uid.of(2), Uid.of(3)))).extracting(flags -> flags.uid().value())
                    .containsExactly(1L, 2L);
        }
    }

    /** UIDs 1, 2 and 3 of 10, 20 and 30 bytes; only 2 is \Deleted. */
    private static void appendThreeTheMiddleOneDeleted(CassandraMessageRepository messages, MailboxId mailbox) {
        messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(10, Flags.EMPTY),
                MessageRepositoryContract.message(20, Flags.of(Flag.DELETED)), MessageRepositoryContract.message(30, Flags.EMPTY)));
    }
}
