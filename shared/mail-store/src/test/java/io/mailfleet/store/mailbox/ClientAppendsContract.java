package io.mailfleet.store.mailbox;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.account.AccountRepository;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** APPEND from clients over the real ports: flags, internal date, content stored once, quota. */
public interface ClientAppendsContract {

    AccountRepository accounts();

    MailboxRepository mailboxes();

    MessageContentRepository contents();

    MessageRepository messages();

    private Mailbox inboxOf(OptionalLong quota) {
        MailAddress address = MailAddress.parse("append-" + UUID.randomUUID() + "@example.test");
        accounts().create(new Account(address, "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA", quota, Instant.now()));
        return mailboxes().create(address.lookupKey(), MailboxPath.INBOX, Optional.empty()).mailbox();
    }

    private static MessageContent content(long size) {
        return new MessageContent(MessageRepositoryContract.randomBlobKey(), size, "(NIL)", "(\"text\" \"plain\")", "{}", "[]");
    }

    /** One message appended as an APPEND of it alone appends it: its room checked, then the message appended. */
    private static Appended append(ClientAppends appends, Mailbox mailbox, MessageContent content, SortFields sortFields,
                                   Flags flags, Instant internalDate) throws OverQuotaException {
        return appends.appendAll(appends.room(mailbox.account(), content.size()), mailbox, List.of(
                toStore(content, sortFields, flags, internalDate))).get(0);
    }

    private static ClientAppends.ClientMessage message(MessageContent content, Instant internalDate) {
        return toStore(content, null, Flags.EMPTY, internalDate);
    }

    /** A message whose content the append stores, as it does when the blob was written without it. */
    private static ClientAppends.ClientMessage toStore(MessageContent content, SortFields sortFields, Flags flags,
                                                       Instant internalDate) {
        return new ClientAppends.ClientMessage(new MessageIdGenerator().next(), content, sortFields, flags, internalDate, false);
    }

    @Test
    default void anAppendKeepsTheClientsFlagsAndDateAndStoresTheContent() throws OverQuotaException {
        Mailbox inbox = inboxOf(OptionalLong.empty());
        ClientAppends appends = new ClientAppends(accounts(), mailboxes(), contents(), messages());
        MessageContent content = content(300);
        Instant date = Instant.parse("2024-02-29T12:34:56Z");

        SortFields keys = new SortFields(Instant.parse("2024-02-28T08:00:00Z"), "lunch", "amy", "bob", "", "amy pond", "bob",
                new ThreadFields("lunch@example.org", List.of("invite@example.org"), true));

        Appended appended = append(appends, inbox, content, keys,
                Flags.of(Flag.SEEN, Flag.parse("$Work")), date);

        assertThat(appended.uid()).isEqualTo(Uid.MIN);
        StoredMessage stored = messages().find(inbox.id(), appended.uid()).orElseThrow();
        assertThat(stored.flags()).isEqualTo(Flags.of(Flag.SEEN, Flag.parse("$Work")));
        assertThat(stored.internalDate()).isEqualTo(date);
        assertThat(stored.size()).isEqualTo(300);
        assertThat(contents().find(content.blobKey())).contains(content);
        assertThat(messages().threadFacts(inbox.id(), appended.uid(), appended.uid()))
                .containsExactly(new SortFacts(appended.uid(), content.blobKey(), 300, date, keys));
        assertThat(messages().sortFacts(inbox.id(), appended.uid(), appended.uid()))
                .containsExactly(new SortFacts(appended.uid(), content.blobKey(), 300, date, MessageRepositoryContract.unthreaded(keys)));
    }

    @Test
    default void anAppendedMessagesRowKeepsItsContentsTextSignatureBesideItsSortKeys() throws OverQuotaException {
        Mailbox inbox = inboxOf(OptionalLong.empty());
        ClientAppends appends = new ClientAppends(accounts(), mailboxes(), contents(), messages());
        byte[] signature = {1, 0, 0, 0, 0, 0, 0, 0, 7};
        MessageContent content = new MessageContent(MessageRepositoryContract.randomBlobKey(), 300, "(NIL)",
                "(\"text\" \"plain\")", "{}", "[]", "", "the text", signature);
        SortFields keys = new SortFields(Instant.parse("2024-02-28T08:00:00Z"), "lunch", "amy", "bob", "", "amy pond", "bob",
                null);

        Appended appended = append(appends, inbox, content, keys, Flags.EMPTY, Instant.now());

        assertThat(messages().searchRows(inbox.id(), appended.uid(), appended.uid(), 1)).singleElement()
                .extracting(SearchRow::textSignature).isEqualTo(signature);
        assertThat(messages().sortFacts(inbox.id(), appended.uid(), appended.uid())).extracting(SortFacts::fields)
                .containsExactly(keys);
        assertThat(contents().searchTexts(List.of(content.blobKey()))).containsEntry(content.blobKey(), "the text");
    }

    @Test
    default void anAppendPastTheQuotaIsRefusedAndStoresNothing() throws OverQuotaException {
        Mailbox inbox = inboxOf(OptionalLong.of(1000));
        ClientAppends appends = new ClientAppends(accounts(), mailboxes(), contents(), messages());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        append(appends, inbox, content(600), null, Flags.EMPTY, now);
        append(appends, inbox, content(400), null, Flags.EMPTY, now);

        MessageContent tooBig = content(1);
        assertThatThrownBy(() -> append(appends, inbox, tooBig, null, Flags.EMPTY, now))
                .isInstanceOfSatisfying(OverQuotaException.class, e -> {
                    assertThat(e.quotaBytes()).isEqualTo(1000);
                    assertThat(e.usedBytes()).isEqualTo(1000);
                });
        assertThat(messages().counters(inbox.id()).messages()).isEqualTo(2);
        assertThat(contents().find(tooBig.blobKey())).isEmpty();
    }

    @Test
    default void aRoomCheckedAheadIsRefusedPastTheQuotaAndHoldsOnlyWhatItWasCheckedFor() throws OverQuotaException {
        Mailbox inbox = inboxOf(OptionalLong.of(1000));
        ClientAppends appends = new ClientAppends(accounts(), mailboxes(), contents(), messages());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        append(appends, inbox, content(600), null, Flags.EMPTY, now);

        assertThatThrownBy(() -> appends.room(inbox.account(), 401)).isInstanceOfSatisfying(OverQuotaException.class, e -> {
            assertThat(e.usedBytes()).isEqualTo(600);
            assertThat(e.size()).isEqualTo(401);
        });
        ClientAppends.Room room = appends.room(inbox.account(), 400);
        MessageContent larger = content(401);
        assertThatThrownBy(() -> appends.appendAll(room, inbox, List.of(message(larger, now))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(contents().find(larger.blobKey())).isEmpty();

        MessageContent fits = content(400);
        Appended appended = appends.appendAll(room, inbox, List.of(message(fits, now))).get(0);

        assertThat(messages().find(inbox.id(), appended.uid()).orElseThrow().size()).isEqualTo(400);
        assertThat(contents().find(fits.blobKey())).contains(fits);
        assertThat(messages().counters(inbox.id()).bytes()).isEqualTo(1000);
    }

    @Test
    default void aQuotaReadAheadHoldsTheAccountsLimitAndARoomFromItIsRefusedPastIt() throws OverQuotaException {
        Mailbox inbox = inboxOf(OptionalLong.of(1000));
        Mailbox unlimited = inboxOf(OptionalLong.empty());
        ClientAppends appends = new ClientAppends(accounts(), mailboxes(), contents(), messages());
        append(appends, inbox, content(600), null, Flags.EMPTY, Instant.now().truncatedTo(ChronoUnit.MILLIS));

        CompletableFuture<ClientAppends.Quota> quota = appends.quotaAsync(inbox.account());

        assertThat(quota.join()).isEqualTo(new ClientAppends.Quota(inbox.account(), OptionalLong.of(1000)));
        assertThatThrownBy(() -> appends.room(quota, 401)).isInstanceOfSatisfying(OverQuotaException.class, e -> {
            assertThat(e.usedBytes()).isEqualTo(600);
            assertThat(e.size()).isEqualTo(401);
        });
        assertThat(appends.room(quota, 400)).isEqualTo(new ClientAppends.Room(inbox.account(), 400));
        assertThat(appends.quotaAsync(unlimited.account()).join().bytes()).isEmpty();
        assertThat(appends.room(appends.quotaAsync(unlimited.account()), Long.MAX_VALUE / 2))
                .isEqualTo(new ClientAppends.Room(unlimited.account(), Long.MAX_VALUE / 2));
    }

    @Test
    default void aContentStoredWithItsBlobsPinIsNotWrittenAgainByTheAppend() throws OverQuotaException {
        Mailbox inbox = inboxOf(OptionalLong.empty());
        ClientAppends appends = new ClientAppends(accounts(), mailboxes(), contents(), messages());
        MessageContent pinned = content(200);
        MessageContent unpinned = content(300);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        List<Appended> appended = appends.appendAll(appends.room(inbox.account(), 500), inbox, List.of(
                new ClientAppends.ClientMessage(new MessageIdGenerator().next(), pinned, null, Flags.EMPTY, now, true),
                message(unpinned, now)));

        assertThat(appended).extracting(Appended::uid).containsExactly(Uid.of(1), Uid.of(2));
        // The stored one was written by the pin, which this test left out: the append did not write it.
        assertThat(contents().find(pinned.blobKey())).isEmpty();
        assertThat(contents().find(unpinned.blobKey())).contains(unpinned);
    }

    @Test
    default void theMessagesOfOneAppendAreOneChangeWithConsecutiveUidsAndTheirContentsStored() throws OverQuotaException {
        Mailbox inbox = inboxOf(OptionalLong.of(1000));
        ClientAppends appends = new ClientAppends(accounts(), mailboxes(), contents(), messages());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        append(appends, inbox, content(100), null, Flags.EMPTY, now);
        List<MessageContent> three = List.of(content(200), content(300), content(400));

        List<Appended> appended = appends.appendAll(appends.room(inbox.account(), 900), inbox,
                three.stream().map(content -> message(content, now)).toList());

        assertThat(appended).extracting(Appended::uid).containsExactly(Uid.of(2), Uid.of(3), Uid.of(4));
        assertThat(appended).extracting(Appended::modSeq).containsOnly(appended.get(0).modSeq());
        assertThat(appended).extracting(Appended::previous).containsOnly(appended.get(0).previous());
        assertThat(messages().counters(inbox.id()).bytes()).isEqualTo(1000);
        three.forEach(content -> assertThat(contents().find(content.blobKey())).contains(content));
    }

    @Test
    default void messagesOfOneAppendBeyondTheRoomCheckedForThemAreAllRefused() throws OverQuotaException {
        Mailbox inbox = inboxOf(OptionalLong.of(1000));
        ClientAppends appends = new ClientAppends(accounts(), mailboxes(), contents(), messages());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ClientAppends.Room room = appends.room(inbox.account(), 500);
        List<MessageContent> three = List.of(content(200), content(200), content(200));

        assertThatThrownBy(() -> appends.appendAll(room, inbox, three.stream().map(content -> message(content, now)).toList()))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(messages().counters(inbox.id()).messages()).isZero();
        three.forEach(content -> assertThat(contents().find(content.blobKey())).isEmpty());
    }

    @Test
    default void aCopyPastTheQuotaIsRefusedAndCopiesNothingWhileOneWithinItCopiesAll() throws OverQuotaException {
        Mailbox inbox = inboxOf(OptionalLong.of(1000));
        Mailbox archive = mailboxes().create(inbox.account(), MailboxPath.parse("Archive"), Optional.empty()).mailbox();
        ClientAppends appends = new ClientAppends(accounts(), mailboxes(), contents(), messages());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Uid small = append(appends, inbox, content(200), null, Flags.EMPTY, now).uid();
        Uid large = append(appends, inbox, content(400), null, Flags.EMPTY, now).uid();

        assertThatThrownBy(() -> appends.copy(inbox, archive, List.of(small, large)))
                .isInstanceOfSatisfying(OverQuotaException.class, e -> {
                    assertThat(e.usedBytes()).isEqualTo(600);
                    assertThat(e.size()).isEqualTo(600);
                });
        assertThat(messages().counters(archive.id()).messages()).isZero();

        List<Copied> copied = appends.copy(inbox, archive, List.of(large));
        assertThat(copied).extracting(Copied::source, Copied::target, Copied::size).containsExactly(tuple(large, Uid.MIN, 400L));
        assertThat(messages().counters(archive.id()).bytes()).isEqualTo(400);
    }
}
