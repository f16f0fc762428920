package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A DELETE whose instance fails right after the tree change, before the messages are removed: the
 * name is gone at once, and the next change of the account's tree, on any instance, removes the
 * messages it left behind.
 */
@ExtendWith(RealInfrastructureExtension.class)
class MailboxRemovalRecoveryIT {

    @Test
    void theNextTreeChangeFinishesARemovalCutShort(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        CassandraMailboxRepository healthy = new CassandraMailboxRepository(session, Clock.systemUTC(), messages);
        CassandraMailboxRepository dying = new CassandraMailboxRepository(session, Clock.systemUTC(), failingRemovals(messages));
        String account = "recovery-" + System.nanoTime() + "@example.test";
        Mailbox doomed = healthy.create(account, MailboxPath.parse("Doomed"), Optional.empty()).mailbox();
        messages.append(doomed.id(), MessageRepositoryContract.message(10, Flags.EMPTY));

        assertThatThrownBy(() -> dying.delete(account, MailboxPath.parse("Doomed")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(healthy.find(account, MailboxPath.parse("Doomed"))).isEmpty();
        assertThat(messages.list(doomed.id())).as("left behind by the failed instance").hasSize(1);

        healthy.create(account, MailboxPath.parse("Other"), Optional.empty());

        assertThat(messages.list(doomed.id())).isEmpty();
        assertThat(healthy.findById(doomed.id())).isEmpty();
        assertThat(session.execute("SELECT pending_removals FROM mailboxes WHERE account = ? LIMIT 1", account).one()
                .getSet("pending_removals", java.util.UUID.class)).isEmpty();
    }

    /**
     * A MOVE out of a mailbox cut short after its intent was recorded, then the mailbox removed: the
     * intent goes with it, so no later read of the source id copies anything into the target.
     */
    @Test
    void removingAMailboxForgetsTheMovesOutOfIt(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository messages = new CassandraMessageRepository(session,
                new MessageStoreSettings(MessageStoreSettings.DEFAULTS.logRetention(), Duration.ZERO));
        CassandraMailboxRepository tree = new CassandraMailboxRepository(session, Clock.systemUTC(), messages);
        String account = "removed-move-" + System.nanoTime() + "@example.test";
        MailboxId source = tree.create(account, MailboxPath.parse("Source"), Optional.empty()).mailbox().id();
        MailboxId target = tree.create(account, MailboxPath.parse("Target"), Optional.empty()).mailbox().id();
        Uid uid = messages.append(source, MessageRepositoryContract.message(10, Flags.EMPTY)).uid();
        assertThatThrownBy(() -> messages.move(source, target, List.of(uid), () -> {
            throw new IllegalStateException("instance died after recording the move");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(session.execute("SELECT move_id FROM message_moves WHERE source_mailbox = ?", source.value()).all())
                .as("the intent left by the move").hasSize(1);

        messages.removeAll(source);

        assertThat(session.execute("SELECT move_id FROM message_moves WHERE source_mailbox = ?", source.value()).all())
                .as("intents after the removal").isEmpty();
        messages.open(source);
        assertThat(messages.list(target)).as("what a resumed move would have copied").isEmpty();
    }

    /** The repository as an instance that loses Cassandra whenever it removes a mailbox's messages. */
    private static MessageRepository failingRemovals(MessageRepository real) {
        return (MessageRepository) Proxy.newProxyInstance(MessageRepository.class.getClassLoader(),
                new Class<?>[] {MessageRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("removeAll")) {
                        throw new StoreUnavailableException("connection lost removing " + (MailboxId) args[0]);
                    }
                    return method.invoke(real, args);
                });
    }
}
