package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The marks of moves in a mailbox's static columns, on the real Cassandra: an open reads the intents of moves out of a
 * mailbox only when a mark says one may be unfinished, finishes a move whose instance died after recording it, and
 * reads none once it is finished; a mailbox from before the marks has its intents read until an open found none.
 */
@ExtendWith(RealInfrastructureExtension.class)
class MoveMarksIT {

    private static final String INTENT_READ = "SELECT move_id";

    @Test
    void aMoveLeftAfterItsIntentIsFinishedByTheNextOpenAndTheOpenAfterReadsNoIntent(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            Mailbox[] mailboxes = inboxAndArchive(store);
            CassandraMessageRepository dying = store.newMessageRepository();
            dying.appendAll(mailboxes[0].id(), List.of(MessageRepositoryContract.message(10, Flags.EMPTY),
                    MessageRepositoryContract.message(20, Flags.EMPTY)));
            assertThatThrownBy(() -> dying.move(mailboxes[0].id(), mailboxes[1].id(), List.of(Uid.of(1)), () -> {
                throw new StoreUnavailableException("the instance died after recording its intent");
            })).isInstanceOf(StoreUnavailableException.class);
            CassandraMessageRepository survivor = survivor(store.session());
            store.reset();

            assertThat(survivor.open(mailboxes[0].id()).uids().size()).isEqualTo(1);

            assertThat(store.settled()).as("the open that finds the mark").anyMatch(query -> query.startsWith(INTENT_READ));
            assertThat(survivor.list(mailboxes[1].id())).extracting(StoredMessage::size).containsExactly(10L);
            store.reset();
            survivor.open(mailboxes[0].id());
            assertThat(store.settled()).as("the open after the move is finished").noneMatch(query -> query.startsWith(INTENT_READ));
        }
    }

    @Test
    void aMailboxFromBeforeTheMarksHasItsUnmarkedIntentFinishedThenReadsNoIntent(Infrastructure servers) {
        try (CountedStore store = CountedStore.open(servers)) {
            Mailbox[] mailboxes = inboxAndArchive(store);
            CassandraMessageRepository survivor = survivor(store.session());
            survivor.appendAll(mailboxes[0].id(), List.of(MessageRepositoryContract.message(10, Flags.EMPTY),
                    MessageRepositoryContract.message(20, Flags.EMPTY)));
            // As the previous release left it: a state without moves_marked, and an intent without a mark.
            store.session().execute("UPDATE mailbox_data SET moves_marked = null WHERE mailbox_id = ?", mailboxes[0].id().value());
            store.session().execute("INSERT INTO message_moves (source_mailbox, move_id, target_mailbox, uids) VALUES (?, ?, ?, ?)",
                    mailboxes[0].id().value(), Uuids.timeBased(), mailboxes[1].id().value(), List.of(2L));
            store.reset();

            assertThat(survivor.open(mailboxes[0].id()).uids().size()).isEqualTo(1);
            assertThat(survivor.list(mailboxes[1].id())).extracting(StoredMessage::size).containsExactly(20L);
            assertThat(store.settled()).as("the open of an unmarked mailbox").anyMatch(query -> query.startsWith(INTENT_READ));

            survivor.open(mailboxes[0].id());
            store.reset();
            survivor.open(mailboxes[0].id());
            assertThat(store.settled()).as("an open once none was found").noneMatch(query -> query.startsWith(INTENT_READ));
        }
    }

    /** Another instance, which finishes a move at once rather than after a live move's time. */
    private static CassandraMessageRepository survivor(CqlSession session) {
        return new CassandraMessageRepository(session, new MessageStoreSettings(MessageStoreSettings.DEFAULTS.logRetention(),
                Duration.ZERO));
    }

    private static Mailbox[] inboxAndArchive(CountedStore store) {
        CassandraMailboxRepository mailboxes = store.mailboxes();
        String account = CountedStore.newAccount();
        return new Mailbox[] {mailboxes.create(account, MailboxPath.INBOX, Optional.empty()).mailbox(),
                mailboxes.create(account, MailboxPath.parse("Archive"), Optional.empty()).mailbox()};
    }
}
