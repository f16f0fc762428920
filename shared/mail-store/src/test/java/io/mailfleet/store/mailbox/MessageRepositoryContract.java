package io.mailfleet.store.mailbox;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link MessageRepository} must do; each adapter's test implements this. */
public interface MessageRepositoryContract {

    MessageIdGenerator IDS = new MessageIdGenerator();

    MessageRepository messages();

    MailboxRepository mailboxes();

    default Mailbox newMailbox() {
        return mailboxes().create("contract-" + UUID.randomUUID() + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox();
    }

    static NewMessage message(long size, Flags flags) {
        return new NewMessage(IDS.next(), "sha256/" + UUID.randomUUID(), size, Instant.now().truncatedTo(ChronoUnit.MILLIS), flags);
    }

    @Test
    default void aNewMailboxIsEmpty() {
        Mailbox mailbox = newMailbox();
        assertThat(messages().list(mailbox.id())).isEmpty();
        assertThat(messages().counters(mailbox.id())).isEqualTo(new MailboxCounters(0, 0, 0, Uid.MIN, ModSeq.MIN));
    }

    @Test
    default void appendsGetIncreasingUidsAndModSeqsAndExactCounters() {
        Mailbox mailbox = newMailbox();
        NewMessage first = message(100, Flags.EMPTY);
        NewMessage second = message(250, Flags.of(Flag.SEEN));

        Appended a = messages().append(mailbox.id(), first);
        Appended b = messages().append(mailbox.id(), second);

        assertThat(a.uid()).isEqualTo(Uid.of(1));
        assertThat(b.uid()).isEqualTo(Uid.of(2));
        assertThat(b.modSeq()).isGreaterThan(a.modSeq());
        assertThat(messages().counters(mailbox.id()))
                .isEqualTo(new MailboxCounters(2, 1, 350, Uid.of(3), b.modSeq()));
        assertThat(messages().list(mailbox.id())).extracting(StoredMessage::uid, StoredMessage::messageId, StoredMessage::size,
                        StoredMessage::blobKey, StoredMessage::internalDate, StoredMessage::flags)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(a.uid(), first.messageId(), 100L, first.blobKey(), first.internalDate(), Flags.EMPTY),
                        org.assertj.core.groups.Tuple.tuple(b.uid(), second.messageId(), 250L, second.blobKey(), second.internalDate(), Flags.of(Flag.SEEN)));
    }

    @Test
    default void aDeliveryUnderTheSameKeyIsStoredOnce() {
        Mailbox mailbox = newMailbox();
        NewMessage message = message(120, Flags.EMPTY);
        String key = message.messageId() + "/" + mailbox.account();

        Delivery first = messages().deliver(mailbox.id(), message, key);
        Delivery again = messages().deliver(mailbox.id(), message, key);
        Delivery other = messages().deliver(mailbox.id(), message(30, Flags.EMPTY), key + "-other");

        assertThat(first.firstTime()).isTrue();
        assertThat(messages().findDelivery(mailbox.id(), key)).contains(new Delivery(first.uid(), first.modSeq(), false));
        assertThat(messages().findDelivery(mailbox.id(), key + "-never")).isEmpty();
        assertThat(again).isEqualTo(new Delivery(first.uid(), first.modSeq(), false));
        assertThat(other.firstTime()).isTrue();
        assertThat(other.uid()).isEqualTo(Uid.of(2));
        assertThat(messages().list(mailbox.id())).extracting(StoredMessage::uid).containsExactly(Uid.of(1), Uid.of(2));
        assertThat(messages().counters(mailbox.id())).isEqualTo(new MailboxCounters(2, 2, 150, Uid.of(3), other.modSeq()));
    }

    @Test
    default void aReceiptOutlivesTheExpungeOfItsMessage() {
        Mailbox mailbox = newMailbox();
        NewMessage message = message(10, Flags.EMPTY);
        Delivery first = messages().deliver(mailbox.id(), message, "key-" + message.messageId());
        messages().expunge(mailbox.id(), List.of(first.uid()));

        Delivery late = messages().deliver(mailbox.id(), message, "key-" + message.messageId());

        assertThat(late.firstTime()).isFalse();
        assertThat(messages().list(mailbox.id())).isEmpty();
        assertThat(messages().expungedSince(mailbox.id(), ModSeq.MIN)).extracting(Expunged::uid).containsExactly(first.uid());
    }

    @Test
    default void flagUpdatesMoveTheModSeqAndTheUnseenCount() {
        Mailbox mailbox = newMailbox();
        Appended appended = messages().append(mailbox.id(), message(10, Flags.EMPTY));

        FlagsChange seen = messages().updateFlags(mailbox.id(), appended.uid(), flags -> flags.with(Flag.SEEN)).orElseThrow();
        FlagsChange again = messages().updateFlags(mailbox.id(), appended.uid(), flags -> flags.with(Flag.SEEN)).orElseThrow();

        assertThat(seen.changed()).isTrue();
        assertThat(seen.modSeq()).isGreaterThan(appended.modSeq());
        assertThat(again.changed()).as("setting a flag that is set changes nothing").isFalse();
        assertThat(again.modSeq()).isEqualTo(seen.modSeq());
        assertThat(messages().counters(mailbox.id()).unseen()).isZero();
        assertThat(messages().counters(mailbox.id()).highestModSeq()).isEqualTo(seen.modSeq());
        assertThat(messages().find(mailbox.id(), appended.uid()).orElseThrow().flags()).isEqualTo(Flags.of(Flag.SEEN));
        assertThat(messages().updateFlags(mailbox.id(), Uid.of(99), flags -> flags.with(Flag.SEEN))).isEmpty();
    }

    @Test
    default void expungeRemovesMessagesLogsThemAndNeverReusesTheirUids() {
        Mailbox mailbox = newMailbox();
        Appended one = messages().append(mailbox.id(), message(10, Flags.EMPTY));
        Appended two = messages().append(mailbox.id(), message(20, Flags.of(Flag.SEEN)));
        Appended three = messages().append(mailbox.id(), message(30, Flags.EMPTY));

        ModSeq expungedAt = messages().expunge(mailbox.id(), List.of(one.uid(), three.uid(), Uid.of(77))).orElseThrow();

        assertThat(expungedAt).isGreaterThan(three.modSeq());
        assertThat(messages().list(mailbox.id())).extracting(StoredMessage::uid).containsExactly(two.uid());
        assertThat(messages().counters(mailbox.id())).isEqualTo(new MailboxCounters(1, 0, 20, Uid.of(4), expungedAt));
        assertThat(messages().expungedSince(mailbox.id(), three.modSeq()))
                .containsExactlyInAnyOrder(new Expunged(one.uid(), expungedAt), new Expunged(three.uid(), expungedAt));
        assertThat(messages().expungedSince(mailbox.id(), expungedAt)).isEmpty();
        assertThat(messages().expunge(mailbox.id(), List.of(one.uid()))).as("already gone").isEmpty();
        assertThat(messages().append(mailbox.id(), message(5, Flags.EMPTY)).uid()).isEqualTo(Uid.of(4));
    }

    @Test
    default void appendAllIsOneChangeWithConsecutiveUids() {
        Mailbox mailbox = newMailbox();
        messages().append(mailbox.id(), message(1, Flags.EMPTY));
        List<NewMessage> batch = List.of(message(10, Flags.EMPTY), message(20, Flags.of(Flag.SEEN)), message(30, Flags.EMPTY));

        List<Appended> appended = messages().appendAll(mailbox.id(), batch);

        assertThat(appended).extracting(Appended::uid).containsExactly(Uid.of(2), Uid.of(3), Uid.of(4));
        assertThat(appended).extracting(Appended::modSeq).containsOnly(appended.get(0).modSeq());
        assertThat(messages().counters(mailbox.id())).isEqualTo(new MailboxCounters(4, 3, 61, Uid.of(5), appended.get(0).modSeq()));
        assertThat(messages().list(mailbox.id())).extracting(StoredMessage::messageId)
                .endsWith(batch.get(0).messageId(), batch.get(1).messageId(), batch.get(2).messageId());
    }

    @Test
    default void appendAllRefusesEmptyAndOversizedBatches() {
        Mailbox mailbox = newMailbox();
        List<NewMessage> tooMany = java.util.stream.Stream.generate(() -> message(1, Flags.EMPTY))
                .limit(MessageRepository.MAX_ATOMIC_APPEND + 1).toList();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> messages().appendAll(mailbox.id(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> messages().appendAll(mailbox.id(), tooMany))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(messages().counters(mailbox.id()).messages()).isZero();
    }
}
