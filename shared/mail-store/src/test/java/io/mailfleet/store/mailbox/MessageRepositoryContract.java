package io.mailfleet.store.mailbox;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.blob.BlobKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** What every {@link MessageRepository} must do; each adapter's test implements this. */
public interface MessageRepositoryContract {

    MessageIdGenerator IDS = new MessageIdGenerator();

    MessageRepository messages();

    MailboxRepository mailboxes();

    MessageContentRepository contents();

    default Mailbox newMailbox() {
        return mailboxes().create("contract-" + UUID.randomUUID() + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox();
    }

    static NewMessage message(long size, Flags flags) {
        return new NewMessage(IDS.next(), randomBlobKey(), size, Instant.now().truncatedTo(ChronoUnit.MILLIS), flags);
    }

    /** A well-formed key of content that does not exist: a copy pins the blobs of what it copies. */
    static String randomBlobKey() {
        byte[] digest = new byte[32];
        ThreadLocalRandom.current().nextBytes(digest);
        return BlobKey.forSha256(HexFormat.of().formatHex(digest)).value();
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
    default void anAppendSaysTheHighestModSeqItsChangeFollowed() {
        Mailbox mailbox = newMailbox();
        Appended first = messages().append(mailbox.id(), message(100, Flags.EMPTY));
        messages().updateFlags(mailbox.id(), first.uid(), flags -> flags.with(Flag.FLAGGED));
        ModSeq beforeSecond = messages().counters(mailbox.id()).highestModSeq();

        Appended second = messages().append(mailbox.id(), message(200, Flags.EMPTY));
        List<Appended> batch = messages().appendAll(mailbox.id(), List.of(message(10, Flags.EMPTY), message(20, Flags.EMPTY)));

        assertThat(first.previous()).isLessThan(first.modSeq());
        assertThat(second.previous()).isEqualTo(beforeSecond).isGreaterThan(first.modSeq());
        assertThat(second.modSeq()).isGreaterThan(second.previous());
        assertThat(batch).extracting(Appended::previous).containsOnly(second.modSeq());
        assertThat(messages().counters(mailbox.id()).highestModSeq()).isEqualTo(batch.get(0).modSeq());
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
    default void deliveriesInOneChangeStoreOnlyTheUnreceiptedOnesOnce() {
        Mailbox mailbox = newMailbox();
        NewMessage earlier = message(10, Flags.EMPTY);
        NewMessage second = message(20, Flags.EMPTY);
        NewMessage third = message(40, Flags.EMPTY);
        Delivery before = messages().deliver(mailbox.id(), earlier, "key-" + earlier.messageId());
        List<MessageRepository.KeyedMessage> batch = List.of(
                new MessageRepository.KeyedMessage(second, "key-" + second.messageId()),
                new MessageRepository.KeyedMessage(earlier, "key-" + earlier.messageId()),
                new MessageRepository.KeyedMessage(third, "key-" + third.messageId()));

        List<Delivery> delivered = messages().deliverAll(mailbox.id(), batch);
        List<Delivery> again = messages().deliverAll(mailbox.id(), batch);

        assertThat(delivered).extracting(Delivery::uid).containsExactly(Uid.of(2), Uid.of(1), Uid.of(3));
        assertThat(delivered).extracting(Delivery::firstTime).containsExactly(true, false, true);
        assertThat(delivered.get(0).modSeq()).isEqualTo(delivered.get(2).modSeq()).isGreaterThan(before.modSeq());
        assertThat(again).containsExactly(new Delivery(Uid.of(2), delivered.get(0).modSeq(), false),
                new Delivery(Uid.of(1), before.modSeq(), false), new Delivery(Uid.of(3), delivered.get(2).modSeq(), false));
        assertThat(messages().list(mailbox.id())).extracting(StoredMessage::uid).containsExactly(Uid.of(1), Uid.of(2), Uid.of(3));
        assertThat(messages().counters(mailbox.id()).bytes()).isEqualTo(70);
        assertThatThrownBy(() -> messages().deliverAll(mailbox.id(), List.of(batch.get(0), batch.get(0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A message whose first-copy claim the mailbox holds under another message is that message's retry: it is not
     * added, within one change or a later one, and it learns the first copy's place; a claim of other octets is
     * added, and so is a message without a claim.
     */
    @Test
    default void aMessageClaimingOctetsAnotherMessageBroughtIsNotAdded() {
        Mailbox mailbox = newMailbox();
        FirstCopyClaim once = new FirstCopyClaim("a1".repeat(32), Duration.ofMinutes(5));
        FirstCopyClaim other = new FirstCopyClaim("b2" + "a1".repeat(31), Duration.ofMinutes(5));
        NewMessage first = message(10, Flags.EMPTY);
        NewMessage retryInTheChange = message(10, Flags.EMPTY);
        NewMessage different = message(30, Flags.EMPTY);
        NewMessage retryLater = message(10, Flags.EMPTY);
        NewMessage unclaimed = message(10, Flags.EMPTY);

        List<Delivery> delivered = messages().deliverAll(mailbox.id(), List.of(
                new MessageRepository.KeyedMessage(first, "key-" + first.messageId(), Optional.of(once)),
                new MessageRepository.KeyedMessage(retryInTheChange, "key-" + retryInTheChange.messageId(), Optional.of(once)),
                new MessageRepository.KeyedMessage(different, "key-" + different.messageId(), Optional.of(other))));
        List<Delivery> later = messages().deliverAll(mailbox.id(), List.of(
                new MessageRepository.KeyedMessage(retryLater, "key-" + retryLater.messageId(), Optional.of(once)),
                new MessageRepository.KeyedMessage(unclaimed, "key-" + unclaimed.messageId())));
        List<Delivery> firstAgain = messages().deliverAll(mailbox.id(), List.of(
                new MessageRepository.KeyedMessage(first, "key-" + first.messageId(), Optional.of(once))));

        ModSeq modSeq = delivered.get(0).modSeq();
        assertThat(delivered).containsExactly(new Delivery(Uid.of(1), modSeq, true),
                new Delivery(Uid.of(1), modSeq, false, Optional.of(first.messageId().toString())),
                new Delivery(Uid.of(2), modSeq, true));
        assertThat(later.get(0)).isEqualTo(new Delivery(Uid.of(1), modSeq, false, Optional.of(first.messageId().toString())));
        assertThat(later.get(1).uid()).isEqualTo(Uid.of(3));
        assertThat(later.get(1).firstTime()).isTrue();
        assertThat(firstAgain).containsExactly(new Delivery(Uid.of(1), modSeq, false));
        assertThat(messages().list(mailbox.id())).extracting(StoredMessage::messageId)
                .containsExactly(first.messageId(), different.messageId(), unclaimed.messageId());
        assertThat(messages().counters(mailbox.id()).bytes()).isEqualTo(50);
    }

    /**
     * A worker looked the INBOX up (or remembered it) before its account was deleted: the delivery must fail, so
     * the mail bounces, rather than make the mailbox's state again and land where no account can read it.
     */
    @Test
    default void aDeliveryIntoADeletedMailboxFailsAndDoesNotMakeItAgain() {
        Mailbox mailbox = newMailbox();
        messages().deliver(mailbox.id(), message(10, Flags.EMPTY), "key-before-" + UUID.randomUUID());
        mailboxes().delete(mailbox);
        NewMessage late = message(20, Flags.EMPTY);

        assertThatThrownBy(() -> messages().deliver(mailbox.id(), late, "key-" + late.messageId()))
                .isInstanceOf(NoSuchMailboxException.class);
        assertThatThrownBy(() -> messages().deliverAll(mailbox.id(),
                List.of(new MessageRepository.KeyedMessage(late, "key-" + late.messageId()))))
                .isInstanceOf(NoSuchMailboxException.class);
        assertThat(messages().findDelivery(mailbox.id(), "key-" + late.messageId())).isEmpty();
        assertThat(messages().list(mailbox.id())).isEmpty();
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
    default void expungeDeletedRemovesOnlyTheMarkedMessagesAmongTheUidsAndFromTheTail() {
        Mailbox mailbox = newMailbox();
        Appended one = messages().append(mailbox.id(), message(10, Flags.of(Flag.DELETED)));
        Appended two = messages().append(mailbox.id(), message(20, Flags.EMPTY));
        Appended three = messages().append(mailbox.id(), message(30, Flags.of(Flag.DELETED, Flag.SEEN)));
        Appended four = messages().append(mailbox.id(), message(40, Flags.EMPTY));
        Appended five = messages().append(mailbox.id(), message(50, Flags.of(Flag.DELETED)));

        assertThat(messages().expungeDeleted(mailbox.id(), List.of(two.uid(), four.uid()), Optional.empty()))
                .as("none of those named is marked").isEqualTo(new ExpungeResult(List.of(), Optional.of(five.modSeq())));
        ExpungeResult result = messages().expungeDeleted(mailbox.id(), List.of(one.uid(), two.uid()), Optional.of(four.uid()));
        List<Expunged> expunged = result.expunged();

        ModSeq expungedAt = expunged.get(0).modSeq();
        assertThat(expunged).as("three is neither named nor in the tail").containsExactly(
                new Expunged(one.uid(), expungedAt), new Expunged(five.uid(), expungedAt));
        assertThat(expungedAt).isGreaterThan(five.modSeq());
        assertThat(result.onlyChangesSince()).as("no other change came in between").contains(five.modSeq());
        assertThat(messages().list(mailbox.id())).extracting(StoredMessage::uid).containsExactly(two.uid(), three.uid(), four.uid());
        assertThat(messages().counters(mailbox.id())).isEqualTo(new MailboxCounters(3, 2, 90, Uid.of(6), expungedAt));
        assertThat(messages().flags(mailbox.id(), List.of(one.uid(), two.uid(), three.uid(), four.uid(), five.uid())))
                .extracting(MessageFlags::uid).containsExactly(two.uid(), three.uid(), four.uid());
        assertThat(messages().expungedSince(mailbox.id(), five.modSeq())).containsExactlyElementsOf(expunged);
        assertThat(messages().open(mailbox.id()).uids().size()).isEqualTo(3);
    }

    @Test
    default void expungeDeletedKeepsAMessageWhoseMarkWasTakenOff() {
        Mailbox mailbox = newMailbox();
        Appended marked = messages().append(mailbox.id(), message(10, Flags.of(Flag.DELETED)));
        messages().store(mailbox.id(), List.of(marked.uid()), FlagUpdate.remove(Flags.of(Flag.DELETED)), Optional.empty());

        assertThat(messages().expungeDeleted(mailbox.id(), List.of(marked.uid()), Optional.of(Uid.of(1))).expunged()).isEmpty();
        assertThat(messages().list(mailbox.id())).extracting(StoredMessage::uid).containsExactly(marked.uid());
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
    default void appendAllAppendsNothingWhenWhatItWaitsForFails() {
        Mailbox mailbox = newMailbox();
        messages().append(mailbox.id(), message(1, Flags.EMPTY));
        IllegalStateException failure = new IllegalStateException("a content row could not be stored");
        java.util.concurrent.CompletableFuture<List<NewMessage>> ready = new java.util.concurrent.CompletableFuture<>();
        ready.completeExceptionally(failure);

        assertThatThrownBy(() -> messages().appendAll(mailbox.id(), 2, ready)).isSameAs(failure);

        MailboxCounters counters = messages().counters(mailbox.id());
        assertThat(counters.messages()).isEqualTo(1);
        assertThat(counters.nextUid()).isEqualTo(Uid.of(2));
        assertThat(messages().appendAll(mailbox.id(), 1, java.util.concurrent.CompletableFuture.completedFuture(
                List.of(message(10, Flags.EMPTY))))).extracting(Appended::uid).containsExactly(Uid.of(2));
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

    /** Appends {@code count} unseen messages of 10 octets, 50 a change, and returns their UIDs. */
    default List<Uid> fill(Mailbox mailbox, int count) {
        List<Uid> uids = new ArrayList<>();
        for (int from = 0; from < count; from += MessageRepository.MAX_ATOMIC_APPEND) {
            int size = Math.min(MessageRepository.MAX_ATOMIC_APPEND, count - from);
            messages().appendAll(mailbox.id(), java.util.stream.Stream.generate(() -> message(10, Flags.EMPTY)).limit(size).toList())
                    .forEach(appended -> uids.add(appended.uid()));
        }
        return uids;
    }

    @Test
    default void openGivesTheCountersAndTheUidsOfLiveMessages() {
        Mailbox mailbox = newMailbox();
        List<Uid> uids = fill(mailbox, 6);
        messages().expunge(mailbox.id(), List.of(uids.get(1), uids.get(4)));

        MailboxSnapshot snapshot = messages().open(mailbox.id());

        assertThat(snapshot.counters()).isEqualTo(messages().counters(mailbox.id()));
        assertThat(snapshot.uids().size()).isEqualTo(4);
        assertThat(java.util.stream.IntStream.range(0, 4).mapToObj(i -> snapshot.uids().get(i)))
                .containsExactly(uids.get(0), uids.get(2), uids.get(3), uids.get(5));
        assertThat(snapshot.uids().indexOf(uids.get(3))).isEqualTo(2);
        assertThat(snapshot.uids().indexOf(uids.get(4))).isNegative();
        assertThat(messages().open(newMailbox().id()).uids().size()).isZero();
    }

    @Test
    default void countersOfSeveralMailboxesAreEachOnesOwn() {
        Mailbox full = newMailbox();
        Mailbox empty = newMailbox();
        messages().append(full.id(), message(30, Flags.of(Flag.SEEN)));
        Appended last = messages().append(full.id(), message(12, Flags.EMPTY));
        MailboxId unknown = MailboxId.random();

        Map<MailboxId, MailboxCounters> counters = messages().counters(List.of(full.id(), empty.id(), unknown, full.id()));

        assertThat(counters).containsOnlyKeys(full.id(), empty.id(), unknown);
        assertThat(counters.get(full.id())).isEqualTo(new MailboxCounters(2, 1, 42, Uid.of(3), last.modSeq()))
                .isEqualTo(messages().counters(full.id()));
        assertThat(counters.get(empty.id())).isEqualTo(new MailboxCounters(0, 0, 0, Uid.MIN, ModSeq.MIN));
        assertThat(counters.get(unknown)).isEqualTo(new MailboxCounters(0, 0, 0, Uid.MIN, ModSeq.MIN));
    }

    @Test
    default void firstUnseenIsTheLowestUidWithoutSeen() {
        Mailbox mailbox = newMailbox();
        messages().append(mailbox.id(), message(1, Flags.of(Flag.SEEN)));
        Appended unseen = messages().append(mailbox.id(), message(1, Flags.of(Flag.FLAGGED)));
        messages().append(mailbox.id(), message(1, Flags.EMPTY));

        assertThat(messages().firstUnseen(mailbox.id())).contains(unseen.uid());
        messages().store(mailbox.id(), List.of(unseen.uid(), unseen.uid().next()), FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.empty());
        assertThat(messages().firstUnseen(mailbox.id())).isEmpty();
    }

    @Test
    default void firstUnseenLooksPastBlocksOfSeenMessagesAndFollowsEveryChange() {
        Mailbox mailbox = newMailbox();
        List<Uid> seen = new ArrayList<>();
        for (int from = 0; from < 600; from += MessageRepository.MAX_ATOMIC_APPEND) {
            messages().appendAll(mailbox.id(), java.util.stream.Stream.generate(() -> message(10, Flags.of(Flag.SEEN)))
                    .limit(MessageRepository.MAX_ATOMIC_APPEND).toList()).forEach(appended -> seen.add(appended.uid()));
        }
        Uid last = messages().append(mailbox.id(), message(10, Flags.EMPTY)).uid();
        assertThat(messages().firstUnseen(mailbox.id())).as("behind a few hundred seen messages").contains(last);

        Uid middle = seen.get(300);
        messages().store(mailbox.id(), List.of(middle), FlagUpdate.remove(Flags.of(Flag.SEEN)), Optional.empty());
        assertThat(messages().firstUnseen(mailbox.id())).as("made unseen by a STORE").contains(middle);
        messages().expunge(mailbox.id(), List.of(middle));
        assertThat(messages().firstUnseen(mailbox.id())).as("the unseen one expunged").contains(last);
        messages().updateFlags(mailbox.id(), last, flags -> flags.with(Flags.of(Flag.SEEN)));
        assertThat(messages().firstUnseen(mailbox.id())).as("every message seen").isEmpty();
    }

    @Test
    default void rangesAndUidSetsReadOnlyWhatExists() {
        Mailbox mailbox = newMailbox();
        List<Uid> uids = fill(mailbox, 30);
        messages().expunge(mailbox.id(), List.of(uids.get(2)));

        assertThat(messages().range(mailbox.id(), uids.get(1), uids.get(9), 5)).extracting(StoredMessage::uid)
                .containsExactly(uids.get(1), uids.get(3), uids.get(4), uids.get(5), uids.get(6));
        assertThat(messages().range(mailbox.id(), Uid.of(1000), Uid.MAX, 10)).isEmpty();
        assertThat(messages().findAll(mailbox.id(), List.of(uids.get(29), uids.get(2), uids.get(0), Uid.of(999), uids.get(29))))
                .extracting(StoredMessage::uid).containsExactly(uids.get(0), uids.get(29));
    }

    @Test
    default void storeAddsRemovesAndReplacesWithAModSeqPerMessageAndExactCounters() {
        Mailbox mailbox = newMailbox();
        List<Uid> uids = fill(mailbox, 4);
        ModSeq before = messages().counters(mailbox.id()).highestModSeq();

        StoreResult seen = messages().store(mailbox.id(), List.of(uids.get(2), uids.get(0), uids.get(1), Uid.of(99)),
                FlagUpdate.add(Flags.of(Flag.SEEN, Flag.FLAGGED)), Optional.empty());

        assertThat(seen.modified()).isEmpty();
        assertThat(seen.onlyChangesSince()).as("no other change came in between").contains(before);
        assertThat(seen.updated()).extracting(StoreResult.Updated::uid).containsExactly(uids.get(0), uids.get(1), uids.get(2));
        assertThat(seen.updated()).extracting(u -> u.modSeq().value())
                .containsExactly(before.value() + 1, before.value() + 2, before.value() + 3);
        assertThat(messages().counters(mailbox.id()).unseen()).isEqualTo(1);
        assertThat(messages().counters(mailbox.id()).highestModSeq()).isEqualTo(ModSeq.of(before.value() + 3));

        StoreResult removed = messages().store(mailbox.id(), uids, FlagUpdate.remove(Flags.of(Flag.SEEN)), Optional.empty());
        assertThat(removed.updated()).extracting(StoreResult.Updated::uid).containsExactly(uids.get(0), uids.get(1), uids.get(2));
        assertThat(messages().find(mailbox.id(), uids.get(0)).orElseThrow().flags()).isEqualTo(Flags.of(Flag.FLAGGED));
        assertThat(messages().counters(mailbox.id()).unseen()).isEqualTo(4);

        StoreResult replaced = messages().store(mailbox.id(), uids, FlagUpdate.replace(Flags.of(Flag.SEEN)), Optional.empty());
        assertThat(replaced.updated()).hasSize(4);
        assertThat(messages().findAll(mailbox.id(), uids)).extracting(StoredMessage::flags).containsOnly(Flags.of(Flag.SEEN));
        assertThat(messages().counters(mailbox.id()).unseen()).isZero();
        StoreResult unchanged = messages().store(mailbox.id(), uids, FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.empty());
        assertThat(unchanged.updated()).as("a STORE that changes nothing allocates nothing").isEmpty();
        assertThat(unchanged.onlyChangesSince()).contains(messages().counters(mailbox.id()).highestModSeq());
    }

    @Test
    default void storeUnchangedSinceLeavesAndReportsMessagesChangedAfterIt() {
        Mailbox mailbox = newMailbox();
        List<Uid> uids = fill(mailbox, 3);
        ModSeq known = messages().counters(mailbox.id()).highestModSeq();
        messages().store(mailbox.id(), List.of(uids.get(1)), FlagUpdate.add(Flags.of(Flag.FLAGGED)), Optional.empty());

        StoreResult result = messages().store(mailbox.id(), uids, FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.of(known));

        assertThat(result.modified()).containsExactly(uids.get(1));
        assertThat(result.updated()).extracting(StoreResult.Updated::uid).containsExactly(uids.get(0), uids.get(2));
        assertThat(messages().find(mailbox.id(), uids.get(1)).orElseThrow().flags()).isEqualTo(Flags.of(Flag.FLAGGED));
        assertThat(messages().counters(mailbox.id()).unseen()).isEqualTo(1);
    }

    @Test
    default void aStoreOverManyChunksChangesEveryMessageOnce() {
        Mailbox mailbox = newMailbox();
        List<Uid> uids = fill(mailbox, 1200);
        ModSeq before = messages().counters(mailbox.id()).highestModSeq();

        StoreResult result = messages().store(mailbox.id(), uids, FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.empty());

        assertThat(result.updated()).extracting(StoreResult.Updated::uid).containsExactlyElementsOf(uids);
        assertThat(result.updated()).extracting(StoreResult.Updated::modSeq).isSorted().doesNotHaveDuplicates()
                .allMatch(modSeq -> modSeq.isAfter(before));
        assertThat(result.onlyChangesSince()).as("its chunks follow one another").contains(before);
        assertThat(messages().counters(mailbox.id())).isEqualTo(new MailboxCounters(1200, 0, 12_000, Uid.of(1201),
                ModSeq.of(before.value() + 1200)));
    }

    @Test
    default void changesSinceReportFlagChangesAppendsAndExpungesOnce() {
        Mailbox mailbox = newMailbox();
        List<Uid> uids = fill(mailbox, 5);
        ModSeq known = messages().counters(mailbox.id()).highestModSeq();
        messages().store(mailbox.id(), List.of(uids.get(0)), FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.empty());
        messages().store(mailbox.id(), List.of(uids.get(3)), FlagUpdate.add(Flags.of(Flag.FLAGGED)), Optional.empty());
        messages().store(mailbox.id(), List.of(uids.get(0)), FlagUpdate.add(Flags.of(Flag.ANSWERED)), Optional.empty());
        ModSeq expungedAt = messages().expunge(mailbox.id(), List.of(uids.get(3), uids.get(4))).orElseThrow();
        Appended added = messages().append(mailbox.id(), message(3, Flags.EMPTY));

        ChangesSince.Changes changes = (ChangesSince.Changes) messages().changesSince(mailbox.id(), known);

        assertThat(changes.changed()).extracting(StoredMessage::uid).containsExactly(uids.get(0), added.uid());
        assertThat(changes.changed().get(0).flags()).isEqualTo(Flags.of(Flag.SEEN, Flag.ANSWERED));
        assertThat(changes.expunged()).containsExactlyInAnyOrder(new Expunged(uids.get(3), expungedAt), new Expunged(uids.get(4), expungedAt));
        assertThat(changes.upTo()).isEqualTo(added.modSeq());
        assertThat(changes.more()).isFalse();
        ChangesSince.Changes none = (ChangesSince.Changes) messages().changesSince(mailbox.id(), added.modSeq());
        assertThat(none.changed()).isEmpty();
        assertThat(none.expunged()).isEmpty();
    }

    /** Up to a highest MODSEQ the caller read: the changes up to it, none made after it, whatever it re-flagged. */
    @Test
    default void changesSinceUpToAKnownModSeqLeaveOutLaterChanges() {
        Mailbox mailbox = newMailbox();
        List<Uid> uids = fill(mailbox, 3);
        ModSeq known = messages().counters(mailbox.id()).highestModSeq();
        messages().store(mailbox.id(), List.of(uids.get(0)), FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.empty());
        ModSeq expungedAt = messages().expunge(mailbox.id(), List.of(uids.get(2))).orElseThrow();
        ModSeq highest = messages().counters(mailbox.id()).highestModSeq();
        messages().store(mailbox.id(), List.of(uids.get(1)), FlagUpdate.add(Flags.of(Flag.FLAGGED)), Optional.empty());
        messages().expunge(mailbox.id(), List.of(uids.get(1)));
        messages().append(mailbox.id(), message(3, Flags.EMPTY));

        ChangesSince.Changes changes = (ChangesSince.Changes) messages().changesSince(mailbox.id(), known, highest);

        assertThat(changes.changed()).extracting(StoredMessage::uid).containsExactly(uids.get(0));
        assertThat(changes.expunged()).containsExactly(new Expunged(uids.get(2), expungedAt));
        assertThat(changes.upTo()).isEqualTo(highest);
        assertThat(changes.more()).isFalse();
    }

    /** SELECT with QRESYNC: the snapshot open gives, and with it the changes after the client's MODSEQ up to the snapshot's. */
    @Test
    default void openSinceGivesTheSnapshotWithTheChangesUpToIt() {
        Mailbox mailbox = newMailbox();
        List<Uid> uids = fill(mailbox, 4);
        ModSeq known = messages().counters(mailbox.id()).highestModSeq();
        messages().store(mailbox.id(), List.of(uids.get(1)), FlagUpdate.add(Flags.of(Flag.FLAGGED)), Optional.empty());
        ModSeq expungedAt = messages().expunge(mailbox.id(), List.of(uids.get(2))).orElseThrow();

        ReopenedSince reopened = messages().openSince(mailbox.id(), known);

        MailboxSnapshot open = messages().open(mailbox.id());
        assertThat(reopened.snapshot().counters()).isEqualTo(open.counters());
        assertThat(uidsOf(reopened.snapshot().uids())).containsExactly(uids.get(0), uids.get(1), uids.get(3));
        ChangesSince.Changes changes = (ChangesSince.Changes) reopened.changes();
        assertThat(changes.changed()).extracting(StoredMessage::uid).containsExactly(uids.get(1));
        assertThat(changes.changed().get(0).flags()).isEqualTo(Flags.of(Flag.FLAGGED));
        assertThat(changes.expunged()).containsExactly(new Expunged(uids.get(2), expungedAt));
        assertThat(changes.upTo()).isEqualTo(open.counters().highestModSeq());
        assertThat(changes.more()).isFalse();
        ChangesSince.Changes none = (ChangesSince.Changes) messages().openSince(mailbox.id(), open.counters().highestModSeq()).changes();
        assertThat(none.changed()).isEmpty();
        assertThat(none.expunged()).isEmpty();
    }

    private static List<Uid> uidsOf(UidList list) {
        List<Uid> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get(i));
        }
        return out;
    }

    @Test
    default void changesSinceComeInPagesThatAddUpToEveryChange() {
        Mailbox mailbox = newMailbox();
        List<Uid> uids = fill(mailbox, 1200);
        ModSeq since = ModSeq.MIN;
        List<Uid> seen = new ArrayList<>();
        int pages = 0;
        boolean more = true;
        while (more) {
            ChangesSince.Changes page = (ChangesSince.Changes) messages().changesSince(mailbox.id(), since);
            page.changed().forEach(m -> seen.add(m.uid()));
            assertThat(page.upTo()).isGreaterThan(since);
            since = page.upTo();
            more = page.more();
            pages++;
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(seen).containsExactlyElementsOf(uids);
        assertThat(since).isEqualTo(messages().counters(mailbox.id()).highestModSeq());
    }

    /**
     * The flags read for FETCH FLAGS agree with the messages after every kind of change: appends with
     * keywords, deliveries, single and bulk flag changes across several hundred UIDs, expunges, COPY
     * and MOVE; UIDs that do not exist are left out.
     */
    @Test
    default void flagsAgreeWithTheMessagesAfterEveryKindOfChange() {
        Mailbox mailbox = newMailbox();
        Mailbox target = newMailbox();
        Flags keywords = Flags.of(Flag.parse("$Junk"), Flag.parse("Work"), Flag.FLAGGED);
        List<Uid> uids = new ArrayList<>(fill(mailbox, 600));
        uids.add(messages().append(mailbox.id(), message(3, keywords)).uid());
        uids.add(messages().deliver(mailbox.id(), message(4, Flags.of(Flag.SEEN)), "flags/" + UUID.randomUUID()).uid());
        messages().updateFlags(mailbox.id(), uids.get(3), flags -> flags.with(Flag.parse("$Label1")));
        messages().store(mailbox.id(), uids.subList(200, 550), FlagUpdate.add(Flags.of(Flag.SEEN, Flag.parse("$Later"))),
                Optional.empty());
        messages().store(mailbox.id(), uids.subList(500, 520), FlagUpdate.remove(Flags.of(Flag.parse("$later"))), Optional.empty());
        messages().store(mailbox.id(), uids.subList(0, 2), FlagUpdate.replace(Flags.of(Flag.DRAFT)), Optional.empty());
        messages().expunge(mailbox.id(), uids.subList(250, 300));
        messages().copy(mailbox.id(), target.id(), uids.subList(595, 602));
        messages().move(mailbox.id(), target.id(), uids.subList(10, 20));

        for (Mailbox each : List.of(mailbox, target)) {
            List<Uid> asked = new ArrayList<>(LongStream.rangeClosed(1, 700).mapToObj(Uid::of).toList());
            Collections.reverse(asked);
            assertThat(messages().flags(each.id(), asked)).as("the flags of every message of a mailbox")
                    .containsExactlyElementsOf(messages().list(each.id()).stream()
                            .map(m -> new MessageFlags(m.uid(), m.modSeq(), m.flags())).toList());
        }
        assertThat(messages().flags(mailbox.id(), List.of(uids.get(601), uids.get(3), Uid.of(5000), uids.get(260))))
                .as("a sparse set, in UID order, without UIDs that do not exist").containsExactly(
                        new MessageFlags(uids.get(3), messages().find(mailbox.id(), uids.get(3)).orElseThrow().modSeq(),
                                Flags.of(Flag.parse("$Label1"))),
                        new MessageFlags(uids.get(601), messages().find(mailbox.id(), uids.get(601)).orElseThrow().modSeq(),
                                Flags.of(Flag.SEEN)));
        assertThat(messages().find(target.id(), Uid.of(6)).orElseThrow().flags()).as("a copy keeps its keywords").isEqualTo(keywords);
    }

    @Test
    default void copyKeepsFlagsDatesAndBlobsUnderNewUids() {
        Mailbox source = newMailbox();
        Mailbox target = newMailbox();
        NewMessage flagged = message(40, Flags.of(Flag.FLAGGED));
        Appended original = messages().append(source.id(), flagged);
        messages().append(target.id(), message(1, Flags.EMPTY));

        List<Copied> copied = messages().copy(source.id(), target.id(), List.of(original.uid(), Uid.of(77)));

        StoredMessage copy = messages().find(target.id(), Uid.of(2)).orElseThrow();
        assertThat(copied).containsExactly(new Copied(original.uid(), Uid.of(2), copy.modSeq(), flagged.flags(),
                flagged.messageId(), 40));
        assertThat(copy.flags()).isEqualTo(flagged.flags());
        assertThat(copy.internalDate()).isEqualTo(flagged.internalDate());
        assertThat(copy.blobKey()).isEqualTo(flagged.blobKey());
        assertThat(messages().counters(source.id()).messages()).isEqualTo(1);
        assertThat(messages().counters(target.id())).extracting(MailboxCounters::messages, MailboxCounters::bytes).containsExactly(2L, 41L);
    }

    @Test
    default void moveLeavesTheMessagesOnlyInTheTarget() {
        Mailbox source = newMailbox();
        Mailbox target = newMailbox();
        List<Uid> uids = fill(source, 60);
        List<Uid> moving = uids.subList(5, 60);

        List<Copied> moved = messages().move(source.id(), target.id(), moving);

        assertThat(moved).extracting(Copied::source).containsExactlyElementsOf(moving);
        assertThat(moved).extracting(Copied::target).containsExactlyElementsOf(
                LongStream.rangeClosed(1, 55).mapToObj(Uid::of).toList());
        // What the move reports it wrote is what the target holds: the hints of its IDLE sessions come from it.
        assertThat(moved).extracting(Copied::target, Copied::modSeq, Copied::flags, Copied::messageId, Copied::size)
                .containsExactlyElementsOf(messages().list(target.id()).stream().map(message -> tuple(message.uid(),
                        message.modSeq(), message.flags(), message.messageId(), message.size())).toList());
        assertThat(messages().list(source.id())).extracting(StoredMessage::uid).containsExactlyElementsOf(uids.subList(0, 5));
        assertThat(messages().counters(target.id()).messages()).isEqualTo(55);
        assertThat(messages().expungedSince(source.id(), ModSeq.MIN)).extracting(Expunged::uid).containsExactlyInAnyOrderElementsOf(moving);
    }

    @Test
    default void searchFactsComeWithTheParsedContentOfEachBlob() {
        Mailbox mailbox = newMailbox();
        NewMessage parsed = message(10, Flags.EMPTY);
        NewMessage unparsed = message(20, Flags.EMPTY);
        contents().put(new MessageContent(parsed.blobKey(), 10, "(NIL \"subject\")", "(\"text\" \"plain\")", "{}", "[]"));
        Appended a = messages().append(mailbox.id(), parsed);
        Appended b = messages().append(mailbox.id(), unparsed);

        List<SearchFacts> facts = messages().searchFacts(mailbox.id(), Uid.MIN, Uid.MAX, 10);

        assertThat(facts).extracting(f -> f.message().uid()).containsExactly(a.uid(), b.uid());
        assertThat(facts.get(0).content()).map(MessageContent::envelope).contains("(NIL \"subject\")");
        assertThat(facts.get(1).content()).isEmpty();
    }

    @Test
    default void searchRowsCarryEachRowsTextSignatureWhichCopiesAndMovesKeepAndExpungesRemove() {
        Mailbox source = newMailbox();
        Mailbox target = newMailbox();
        byte[] first = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        byte[] second = {1, 9, 8, 7, 6, 5, 4, 3, 2};
        NewMessage plain = message(10, Flags.EMPTY);
        Uid signed = messages().append(source.id(), new NewMessage(IDS.next(), randomBlobKey(), 10, Instant.now(), Flags.EMPTY,
                null, first)).uid();
        Uid unsigned = messages().append(source.id(), plain).uid();
        Uid alsoSigned = messages().append(source.id(), new NewMessage(IDS.next(), randomBlobKey(), 10, Instant.now(), Flags.EMPTY,
                null, second)).uid();

        assertThat(messages().searchRows(source.id(), Uid.MIN, Uid.MAX, 10))
                .extracting(row -> row.message().uid(), SearchRow::textSignature)
                .containsExactly(tuple(signed, first), tuple(unsigned, null), tuple(alsoSigned, second));

        messages().copy(source.id(), target.id(), List.of(signed, unsigned));
        messages().move(source.id(), target.id(), List.of(alsoSigned));
        assertThat(messages().searchRows(target.id(), Uid.MIN, Uid.MAX, 10))
                .extracting(row -> row.message().uid(), SearchRow::textSignature)
                .containsExactly(tuple(Uid.of(1), first), tuple(Uid.of(2), null), tuple(Uid.of(3), second));

        messages().expunge(source.id(), List.of(signed));
        assertThat(messages().searchRows(source.id(), Uid.MIN, Uid.MAX, 10)).extracting(row -> row.message().uid())
                .containsExactly(unsigned);
        assertThat(messages().searchRows(target.id(), Uid.of(2), Uid.MAX, 1)).extracting(row -> row.message().uid())
                .as("a limit and a first UID").containsExactly(Uid.of(2));
    }

    @Test
    default void textRowsAreTheUidBlobKeySizeAndTextSignatureOfEachRowInTheRange() {
        Mailbox mailbox = newMailbox();
        byte[] signature = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        NewMessage signed = new NewMessage(IDS.next(), randomBlobKey(), 10, Instant.now(), Flags.EMPTY, null, signature);
        NewMessage unsigned = message(20, Flags.EMPTY);
        NewMessage last = message(30, Flags.EMPTY);
        Uid first = messages().append(mailbox.id(), signed).uid();
        Uid second = messages().append(mailbox.id(), unsigned).uid();
        messages().append(mailbox.id(), last);

        assertThat(messages().textRowsAsync(mailbox.id(), Uid.MIN, second).join())
                .extracting(TextRow::uid, TextRow::blobKey, TextRow::size, TextRow::textSignature)
                .containsExactly(tuple(first, signed.blobKey(), 10L, signature), tuple(second, unsigned.blobKey(), 20L, null));
    }

    @Test
    default void aRowKeepsBothItsSortKeysAndItsTextSignatureThroughCopyAndMove() {
        Mailbox source = newMailbox();
        Mailbox copies = newMailbox();
        Mailbox moves = newMailbox();
        NewMessage keyed = sortedMessage(30, "lunch");
        byte[] signature = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        NewMessage both = new NewMessage(keyed.messageId(), keyed.blobKey(), keyed.size(), keyed.internalDate(), Flags.EMPTY,
                keyed.sortFields(), signature);
        List<Uid> uids = List.of(messages().append(source.id(), both).uid());

        messages().copy(source.id(), copies.id(), uids);
        messages().move(source.id(), moves.id(), uids);

        for (Mailbox target : List.of(copies, moves)) {
            assertThat(messages().threadFacts(target.id(), Uid.MIN, Uid.MAX)).extracting(SortFacts::fields)
                    .containsExactly(keyed.sortFields());
            assertThat(messages().searchRows(target.id(), Uid.MIN, Uid.MAX, 10)).extracting(SearchRow::textSignature)
                    .containsExactly(signature);
        }
    }

    @Test
    default void sortFactsAreOneReadOfTheRowsWithTheSortKeysTheyWereWrittenWith() {
        Mailbox mailbox = newMailbox();
        NewMessage keyed = sortedMessage(30, "lunch");
        NewMessage older = message(20, Flags.EMPTY);
        Appended a = messages().append(mailbox.id(), keyed);
        Appended b = messages().append(mailbox.id(), older);
        Appended gone = messages().append(mailbox.id(), sortedMessage(10, "gone"));
        Appended last = messages().append(mailbox.id(), sortedMessage(40, "last"));
        messages().expunge(mailbox.id(), List.of(gone.uid()));

        List<SortFacts> facts = messages().sortFacts(mailbox.id(), a.uid(), gone.uid());

        // A row written before rows kept sort keys (as one without them is written here) reads back with none;
        // SORT reads no threading facts.
        assertThat(facts).containsExactly(
                new SortFacts(a.uid(), keyed.blobKey(), 30, keyed.internalDate(), unthreaded(keyed.sortFields())),
                new SortFacts(b.uid(), older.blobKey(), 20, older.internalDate(), null));
        assertThat(messages().threadFacts(mailbox.id(), a.uid(), gone.uid())).containsExactly(
                new SortFacts(a.uid(), keyed.blobKey(), 30, keyed.internalDate(), keyed.sortFields()),
                new SortFacts(b.uid(), older.blobKey(), 20, older.internalDate(), null));
        assertThat(messages().sortFacts(mailbox.id(), Uid.MIN, Uid.MAX)).extracting(SortFacts::uid)
                .containsExactly(a.uid(), b.uid(), last.uid());
    }

    @Test
    default void copyAndMoveKeepTheSortKeysOfTheirRowsAndTheirAbsence() {
        Mailbox source = newMailbox();
        Mailbox copies = newMailbox();
        Mailbox moves = newMailbox();
        NewMessage keyed = sortedMessage(30, "lunch");
        NewMessage older = message(20, Flags.EMPTY);
        List<Uid> uids = List.of(messages().append(source.id(), keyed).uid(), messages().append(source.id(), older).uid());

        messages().copy(source.id(), copies.id(), uids);
        messages().move(source.id(), moves.id(), uids);

        for (Mailbox target : List.of(copies, moves)) {
            assertThat(messages().sortFacts(target.id(), Uid.MIN, Uid.MAX)).extracting(SortFacts::fields)
                    .containsExactly(unthreaded(keyed.sortFields()), null);
        }
    }

    /**
     * Threading facts are kept whole through COPY and MOVE, an empty Message ID and no references included, and a
     * row whose sort keys were kept before threading facts were (migration 015 to 017) keeps having none.
     */
    @Test
    default void copyAndMoveKeepTheThreadingFactsOfTheirRowsAndTheirAbsence() {
        Mailbox source = newMailbox();
        Mailbox copies = newMailbox();
        Mailbox moves = newMailbox();
        NewMessage reply = sortedMessage(30, "lunch");
        NewMessage bare = withThread(sortedMessage(20, "plain"), new ThreadFields("", List.of(), false));
        NewMessage older = sortedMessage(10, "older");
        NewMessage unthreaded = withSortFields(older, unthreaded(older.sortFields()));
        List<NewMessage> written = List.of(reply, bare, unthreaded);
        List<Uid> uids = written.stream().map(message -> messages().append(source.id(), message).uid()).toList();

        assertThat(messages().threadFacts(source.id(), Uid.MIN, Uid.MAX)).extracting(SortFacts::fields)
                .containsExactlyElementsOf(written.stream().map(NewMessage::sortFields).toList());
        messages().copy(source.id(), copies.id(), uids);
        messages().move(source.id(), moves.id(), uids);

        for (Mailbox target : List.of(copies, moves)) {
            assertThat(messages().threadFacts(target.id(), Uid.MIN, Uid.MAX)).extracting(SortFacts::fields)
                    .containsExactlyElementsOf(written.stream().map(NewMessage::sortFields).toList());
        }
    }

    /** A message with sort keys and threading facts: a reply, with two references. */
    static NewMessage sortedMessage(long size, String subject) {
        Instant arrival = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new NewMessage(IDS.next(), randomBlobKey(), size, arrival, Flags.EMPTY, new SortFields(
                arrival.minusSeconds(3600), subject, "amy", "bob", "", "amy pond", "bob@example.org",
                new ThreadFields(subject + "." + size + "@example.org", List.of("root@example.org", "parent@example.org"),
                        true)), null);
    }

    /** The sort keys without threading facts: what SORT reads, and what a row written before 017 keeps. */
    static SortFields unthreaded(SortFields keys) {
        return new SortFields(keys.sentDate(), keys.subject(), keys.from(), keys.to(), keys.cc(), keys.displayFrom(),
                keys.displayTo(), null);
    }

    private static NewMessage withThread(NewMessage message, ThreadFields thread) {
        SortFields keys = message.sortFields();
        return withSortFields(message, new SortFields(keys.sentDate(), keys.subject(), keys.from(), keys.to(), keys.cc(),
                keys.displayFrom(), keys.displayTo(), thread));
    }

    private static NewMessage withSortFields(NewMessage message, SortFields keys) {
        return new NewMessage(message.messageId(), message.blobKey(), message.size(), message.internalDate(), message.flags(),
                keys, message.textSignature());
    }
}
