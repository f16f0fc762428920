package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an APPEND asks Cassandra before its change, counted by the driver: into a mailbox this process opened or
 * wrote, the state and the blocks of the new UIDs in one read, not the last UID map block and the last flag block
 * in two, made while the messages it appends are still being made ready; and the UID map and flag blocks stay
 * whole when another process appended meanwhile.
 */
@ExtendWith(RealInfrastructureExtension.class)
class AppendRequestsIT {

    @Test
    void anAppendToAMailboxThisProcessOpenedReadsItOnceBeforeItsChange(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            MailboxId mailbox = store.newInbox();
            store.newMessageRepository().appendAll(mailbox, List.of(MessageRepositoryContract.message(10, Flags.EMPTY),
                    MessageRepositoryContract.message(20, Flags.EMPTY)));
            // Another process: it knows nothing of the mailbox but what its SELECT reads.
            CassandraMessageRepository messages = store.newMessageRepository();
            messages.open(mailbox);
            store.reset();

            List<Appended> appended = messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(30, Flags.of(Flag.SEEN))));

            assertThat(store.reads()).as("the reads of the append").hasSize(1);
            assertThat(appended.get(0).uid()).isEqualTo(Uid.of(3));
            assertThat(messages.flags(mailbox, List.of(Uid.of(1), Uid.of(2), Uid.of(3)))).extracting(MessageFlags::flags)
                    .containsExactly(Flags.EMPTY, Flags.EMPTY, Flags.of(Flag.SEEN));
            assertThat(messages.open(mailbox).uids().size()).isEqualTo(3);
        }
    }

    @Test
    void anAppendAfterAnotherProcessAppendedPastTheGuessKeepsTheMapsWhole(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            MailboxId mailbox = store.newInbox();
            CassandraMessageRepository messages = store.newMessageRepository();
            messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(10, Flags.EMPTY)));
            // Past the UIDs the guess covers and into the next flag block, written by a process this one does not hear of.
            CassandraMessageRepository other = store.newMessageRepository();
            for (int i = 0; i < 6; i++) {
                other.appendAll(mailbox, IntStream.range(0, 50).mapToObj(n -> MessageRepositoryContract.message(1, Flags.EMPTY)).toList());
            }

            List<Appended> appended = messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(30, Flags.of(Flag.FLAGGED))));

            assertThat(appended.get(0).uid()).isEqualTo(Uid.of(302));
            assertThat(messages.open(mailbox).uids().size()).isEqualTo(302);
            assertThat(messages.flags(mailbox, List.of(Uid.of(1), Uid.of(256), Uid.of(301), Uid.of(302))))
                    .extracting(flags -> flags.uid().value()).containsExactly(1L, 256L, 301L, 302L);
            assertThat(messages.flags(mailbox, List.of(Uid.of(302))).get(0).flags()).isEqualTo(Flags.of(Flag.FLAGGED));
        }
    }
    @Test
    void anAppendReadsTheMailboxWhileItsMessagesAreStillBeingMadeReady(Infrastructure servers) throws Exception {
        try (CountedStore store = CountedStore.open(servers)) {
            MailboxId mailbox = store.newInbox();
            CassandraMessageRepository messages = store.newMessageRepository();
            messages.appendAll(mailbox, List.of(MessageRepositoryContract.message(10, Flags.EMPTY)));
            store.reset();
            CompletableFuture<List<NewMessage>> ready = new CompletableFuture<>();

            CompletableFuture<List<Appended>> appending = CompletableFuture.supplyAsync(() -> messages.appendAll(mailbox, 1, ready));
            // An APPEND's body is still being stored: the read its change needs is made meanwhile, not after.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (store.reads().isEmpty()) {
                assertThat(System.nanoTime()).as("no read before the messages were ready").isLessThan(deadline);
            }
            assertThat(appending).isNotDone();
            ready.complete(List.of(MessageRepositoryContract.message(20, Flags.EMPTY)));

            assertThat(appending.get(30, TimeUnit.SECONDS)).extracting(Appended::uid).containsExactly(Uid.of(2));
            assertThat(store.reads()).as("the reads of the append").hasSize(1);
        }
    }
}
