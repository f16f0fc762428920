package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.MailboxPath;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link MailboxRepository} must do; each adapter's test implements this. */
public interface MailboxRepositoryContract {

    MailboxRepository mailboxes();

    @Test
    default void aCreatedMailboxIsFoundByPathAndById() {
        String account = "owner-" + UUID.randomUUID() + "@example.test";
        MailboxRepository.Created created = mailboxes().create(account, MailboxPath.parse("Archive/2026"), Optional.of("\\Archive"));

        assertThat(created.created()).isTrue();
        Mailbox mailbox = created.mailbox();
        assertThat(mailboxes().find(account, MailboxPath.parse("Archive/2026"))).contains(mailbox);
        assertThat(mailboxes().findById(mailbox.id())).contains(mailbox);
        assertThat(mailbox.specialUse()).contains("\\Archive");
        assertThat(mailbox.subscribed()).isTrue();
    }

    @Test
    default void aNameIsCreatedOnceAndKeepsItsIdentity() {
        String account = "owner-" + UUID.randomUUID() + "@example.test";
        Mailbox first = mailboxes().create(account, MailboxPath.INBOX, Optional.empty()).mailbox();
        MailboxRepository.Created second = mailboxes().create(account, MailboxPath.parse("inbox"), Optional.empty());

        assertThat(second.created()).isFalse();
        assertThat(second.mailbox()).isEqualTo(first);
    }

    @Test
    default void listingIsPerAccountAndSubscriptionsChange() {
        String account = "owner-" + UUID.randomUUID() + "@example.test";
        mailboxes().create(account, MailboxPath.INBOX, Optional.empty());
        mailboxes().create(account, MailboxPath.parse("Sent"), Optional.of("\\Sent"));
        mailboxes().create("other-" + account, MailboxPath.INBOX, Optional.empty());

        mailboxes().setSubscribed(account, MailboxPath.parse("Sent"), false);

        assertThat(mailboxes().list(account)).extracting(m -> m.path().toString(), Mailbox::subscribed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("INBOX", true), org.assertj.core.groups.Tuple.tuple("Sent", false));
    }

    @Test
    default void aDeletedMailboxIsGoneAndItsNameGetsANewUidValidityLater() throws InterruptedException {
        String account = "owner-" + UUID.randomUUID() + "@example.test";
        Mailbox old = mailboxes().create(account, MailboxPath.parse("Temp"), Optional.empty()).mailbox();

        mailboxes().delete(old);

        assertThat(mailboxes().find(account, MailboxPath.parse("Temp"))).isEmpty();
        assertThat(mailboxes().findById(old.id())).isEmpty();
        Thread.sleep(1100);
        Mailbox renewed = mailboxes().create(account, MailboxPath.parse("Temp"), Optional.empty()).mailbox();
        assertThat(renewed.id()).isNotEqualTo(old.id());
        assertThat(renewed.uidValidity().value()).isGreaterThan(old.uidValidity().value());
    }
}
