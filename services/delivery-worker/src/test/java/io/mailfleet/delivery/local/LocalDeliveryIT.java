package io.mailfleet.delivery.local;

import io.mailfleet.delivery.TestMail;
import io.mailfleet.delivery.server.Backends;
import io.mailfleet.events.directory.DirectoryChangeReader;
import io.mailfleet.mime.TextSignature;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.quarkus.backend.DirectoryEvents;
import io.mailfleet.quarkus.config.TopicSettings;
import io.mailfleet.quarkus.content.ContentIndexer;
import io.mailfleet.store.account.Alias;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MailboxRepository;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.SearchRow;
import io.mailfleet.store.mailbox.SortFacts;
import io.mailfleet.store.mailbox.SortFields;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.store.mailbox.ThreadFields;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.mailfleet.delivery.TestMail.await;
import static io.mailfleet.delivery.TestMail.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
class LocalDeliveryIT {

    private static final Optional<MailAddress> REMOTE_SENDER = Optional.of(MailAddress.parse("sender@remote.example"));

    @Inject
    Backends backends;
    @Inject
    MeterRegistry registry;
    @Inject
    DirectoryEvents directory;
    @Inject
    TopicSettings topics;

    private TestMail mail;
    private Domain domain;

    @BeforeEach
    void setUp() {
        mail = new TestMail(backends);
        domain = mail.domain();
    }

    @Test
    void aMessageLandsInTheInboxWithItsParsedContent() throws Exception {
        MailAddress alice = mail.account(domain, "alice", OptionalLong.empty());

        MailAccepted sent = mail.send(REMOTE_SENDER, List.of(alice), message("sender@remote.example", alice.toString(),
                "Quarterly numbers", "Hello Alice"));

        assertThat(await(() -> mail.inbox(alice).size() == 1)).isTrue();
        StoredMessage stored = mail.inbox(alice).get(0);
        assertThat(stored.messageId().toString()).isEqualTo(sent.messageId());
        assertThat(stored.blobKey()).isEqualTo(sent.blobKey());
        assertThat(stored.size()).isEqualTo(sent.size());
        assertThat(stored.flags().asStrings()).isEmpty();
        assertThat(mail.body(stored)).contains("Hello Alice");
        MessageContent content = backends.store().contents().find(sent.blobKey()).orElseThrow();
        assertThat(content.envelope()).contains("\"Quarterly numbers\"");
        assertThat(content.bodyStructure()).startsWith("(\"text\" \"plain\"");
        assertThat(content.headerIndex()).contains("Quarterly numbers");
        MailboxId inbox = backends.store().mailboxes().find(alice.lookupKey(), MailboxPath.INBOX).orElseThrow().id();
        SortFields keys = new SortFields(Instant.parse("2026-11-23T10:00:00Z"), "quarterly numbers", "sender",
                "alice", "", "sender@remote.example", alice.toString().toLowerCase(Locale.ROOT), null);
        assertThat(backends.store().messages().sortFacts(inbox, Uid.MIN, Uid.MAX)).extracting(SortFacts::fields)
                .as("what SORT reads: the sort keys alone").containsExactly(keys);
        assertThat(backends.store().messages().threadFacts(inbox, Uid.MIN, Uid.MAX)).extracting(SortFacts::fields)
                .singleElement().satisfies(facts -> {
                    assertThat(facts.thread().messageId()).endsWith("@client.example");
                    assertThat(facts).isEqualTo(new SortFields(keys.sentDate(), keys.subject(), keys.from(), keys.to(),
                            keys.cc(), keys.displayFrom(), keys.displayTo(), new ThreadFields(facts.thread().messageId(),
                            List.of(), false)));
                });
    }

    /**
     * Whether delivery parsed the content or found it stored (as smtp-ingress stores it), the row keeps its text's
     * signature beside its sort keys.
     */
    @Test
    void eachDeliveredRowKeepsTheTextSignatureOfItsMessagesSearchTextAndItsSortKeys() throws Exception {
        MailAddress frank = mail.account(domain, "frank", OptionalLong.empty());
        mail.send(REMOTE_SENDER, List.of(frank), message("sender@remote.example", frank.toString(), "Parsed here",
                "the walrus speaks"));
        MailAccepted early = mail.accepted(REMOTE_SENDER, List.of(frank), message("sender@remote.example", frank.toString(),
                "Parsed at ingress", "the narwhal sings"));
        try (InputStream body = backends.blobs().get(new BlobKey(early.blobKey()))) {
            backends.store().contents().put(new ContentIndexer().index(early.blobKey(), body));
        }
        mail.publish(early);

        assertThat(await(() -> mail.inbox(frank).size() == 2)).isTrue();
        Mailbox inbox = backends.store().mailboxes().find(frank.lookupKey(), MailboxPath.INBOX).orElseThrow();
        List<SearchRow> rows = backends.store().messages().searchRows(inbox.id(), Uid.MIN, Uid.MAX, 10);
        Map<String, String> texts = backends.store().contents().searchTexts(rows.stream().map(row -> row.message().blobKey()).toList());
        assertThat(texts).hasSize(2);
        assertThat(rows).allSatisfy(row -> assertThat(row.textSignature()).isNotNull()
                .isEqualTo(TextSignature.of(texts.get(row.message().blobKey()))));
        assertThat(rows).extracting(row -> TextSignature.mayContain(row.textSignature(), "walrus"),
                        row -> TextSignature.mayContain(row.textSignature(), "narwhal"))
                .containsExactlyInAnyOrder(tuple(true, false), tuple(false, true));
        assertThat(backends.store().messages().sortFacts(inbox.id(), Uid.MIN, Uid.MAX)).extracting(facts -> facts.fields().subject())
                .containsExactlyInAnyOrder("parsed here", "parsed at ingress");
    }

    @Test
    void aRedeliveredEventStoresNoSecondCopy() throws Exception {
        MailAddress bob = mail.account(domain, "bob", OptionalLong.empty());
        MailAccepted sent = mail.send(REMOTE_SENDER, List.of(bob), message("sender@remote.example", bob.toString(), "Once"));
        assertThat(await(() -> mail.inbox(bob).size() == 1)).isTrue();
        double duplicatesBefore = counter("local", "duplicate");

        mail.publish(sent);
        mail.publish(sent);
        MailAccepted marker = mail.send(REMOTE_SENDER, List.of(bob), message("sender@remote.example", bob.toString(), "Marker"));

        // Events of one partition are handled in order; the marker may land in another, so wait for the duplicates too.
        assertThat(await(() -> mail.inbox(bob).size() == 2 && counter("local", "duplicate") >= duplicatesBefore + 2)).isTrue();
        assertThat(mail.inbox(bob)).extracting(m -> m.messageId().toString())
                .containsExactlyInAnyOrder(sent.messageId(), marker.messageId());
    }

    @Test
    void aliasesAndTheCatchAllAreFollowed() throws Exception {
        MailAddress bob = mail.account(domain, "bob", OptionalLong.empty());
        MailAddress carol = mail.account(domain, "carol", OptionalLong.empty());
        MailAddress dave = mail.account(domain, "dave", OptionalLong.empty());
        MailAddress team = MailAddress.parse("team@" + domain.ascii());
        MailAddress leads = MailAddress.parse("leads@" + domain.ascii());
        backends.store().aliases().put(Alias.of(team, List.of(bob, leads)));
        backends.store().aliases().put(Alias.of(leads, List.of(carol, bob, team)));
        backends.store().aliases().put(Alias.catchAll(domain, List.of(dave)));

        mail.send(REMOTE_SENDER, List.of(team), message("sender@remote.example", team.toString(), "To the team"));
        mail.send(REMOTE_SENDER, List.of(MailAddress.parse("whoever@" + domain.ascii())),
                message("sender@remote.example", "whoever", "To anyone"));

        assertThat(await(() -> mail.inbox(bob).size() == 1 && mail.inbox(carol).size() == 1 && mail.inbox(dave).size() == 1))
                .as("each account once, although two aliases lead to bob and they lead to each other").isTrue();
    }

    @Test
    void anUnknownRecipientBouncesToTheLocalSender() throws Exception {
        MailAddress sender = mail.account(domain, "sender", OptionalLong.empty());
        MailAddress nobody = MailAddress.parse("nobody@" + domain.ascii());

        MailAccepted sent = mail.send(Optional.of(sender), List.of(nobody), message(sender.toString(), nobody.toString(),
                "Are you there?"));

        assertThat(await(() -> mail.inbox(sender).size() == 1)).isTrue();
        String bounce = mail.body(mail.inbox(sender).get(0));
        assertThat(bounce).contains("Content-Type: multipart/report; report-type=delivery-status")
                .contains("Final-Recipient: rfc822; " + nobody)
                .contains("Action: failed")
                .contains("Status: 5.1.1")
                .contains("Subject: Are you there?")
                .contains(sent.queueId());
    }

    @Test
    void aNullSenderNeverGetsABounce() throws Exception {
        MailAddress erin = mail.account(domain, "erin", OptionalLong.empty());
        double bouncesBefore = registry.counter("mailfleet_delivery_bounces_total").count();

        mail.send(Optional.empty(), List.of(MailAddress.parse("ghost@" + domain.ascii()), erin),
                message("MAILER-DAEMON@remote.example", "ghost", "A bounce of a bounce"));

        assertThat(await(() -> mail.inbox(erin).size() == 1)).isTrue();
        assertThat(counter("local", "bounced")).isPositive();
        assertThat(registry.counter("mailfleet_delivery_bounces_total").count()).isEqualTo(bouncesBefore);
    }

    /**
     * RENAME INBOX (imap-gateway) moves the INBOX's id with its messages to the new name and makes a new INBOX, then
     * announces the account's change. The worker, which remembered the old INBOX from the first message, delivers the
     * next one into the new INBOX at once, not after its directory TTL: without the announcement it would land in the
     * renamed mailbox, and stay there.
     */
    @Test
    void afterARenameOfInboxIsAnnouncedTheNextMessageLandsInTheNewInbox() throws Exception {
        MailAddress gina = mail.account(domain, "gina", OptionalLong.empty());
        mail.send(REMOTE_SENDER, List.of(gina), message("sender@remote.example", gina.toString(), "Before the rename"));
        assertThat(await(() -> mail.inbox(gina).size() == 1)).isTrue();
        Mailbox renamed = backends.store().mailboxes().find(gina.lookupKey(), MailboxPath.INBOX).orElseThrow();
        assertThat(await(backends::readingDirectoryChanges)).as("the worker hears directory changes").isTrue();
        List<DirectoryChanged> heard = new CopyOnWriteArrayList<>();
        DirectoryChanged change = DirectoryChanged.changed(DirectoryChanged.Kind.ACCOUNT, gina.lookupKey());
        try (DirectoryChangeReader reader = DirectoryChangeReader.start(backends.kafkaBootstrapServers(),
                topics.directoryEvents(), Map.of(), heard::add)) {
            assertThat(await(reader::reading)).isTrue();

            assertThat(backends.store().mailboxes().rename(gina.lookupKey(), MailboxPath.INBOX, MailboxPath.parse("Archive")))
                    .isEqualTo(MailboxRepository.Renaming.RENAMED);
            double accountChangesBefore = accountChangesHeard();
            directory.changed(DirectoryChanged.Kind.ACCOUNT, gina.lookupKey());
            // Published apart from the mail: the mail is sent once the change is on the topic and the worker has
            // heard it, as when a client renames INBOX and mail arrives after.
            assertThat(await(() -> heard.contains(change))).isTrue();
            assertThat(await(() -> accountChangesHeard() > accountChangesBefore)).as("the worker heard it").isTrue();
        }
        mail.send(REMOTE_SENDER, List.of(gina), message("sender@remote.example", gina.toString(), "After the rename"));

        assertThat(await(() -> mail.inbox(gina).size() == 1)).as("the new INBOX got the next message").isTrue();
        assertThat(mail.body(mail.inbox(gina).get(0))).contains("Subject: After the rename");
        assertThat(backends.store().messages().list(renamed.id())).as("the renamed INBOX keeps what it had").singleElement()
                .satisfies(message -> assertThat(mail.body(message)).contains("Subject: Before the rename"));
    }

    /**
     * The worker remembers the account with its INBOX from the first message. Deleted as admin-api deletes it
     * (its mailboxes, then the account) with no {@code DirectoryChanged} heard, as when Kafka loses the hint, the
     * next message still bounces: the store refuses to write into the deleted INBOX, and the account read again
     * is gone. Nothing lands in a mailbox nobody can read.
     */
    @Test
    void mailForAnAccountDeletedWhileRememberedBouncesAndLandsNowhere() throws Exception {
        MailAddress sender = mail.account(domain, "sender", OptionalLong.empty());
        MailAddress leaving = mail.account(domain, "leaving", OptionalLong.empty());
        mail.send(REMOTE_SENDER, List.of(leaving), message("sender@remote.example", leaving.toString(), "Remembered"));
        assertThat(await(() -> mail.inbox(leaving).size() == 1)).isTrue();
        Mailbox inbox = backends.store().mailboxes().find(leaving.lookupKey(), MailboxPath.INBOX).orElseThrow();
        backends.store().mailboxes().list(leaving.lookupKey()).forEach(backends.store().mailboxes()::delete);
        assertThat(backends.store().accounts().delete(leaving)).isTrue();

        MailAccepted late = mail.send(Optional.of(sender), List.of(leaving), message(sender.toString(), leaving.toString(),
                "Too late"));

        assertThat(await(() -> mail.inbox(sender).size() == 1)).as("the sender got a bounce").isTrue();
        assertThat(mail.body(mail.inbox(sender).get(0))).contains("Final-Recipient: rfc822; " + leaving)
                .contains("Status: 5.1.1").contains("Subject: Too late");
        assertThat(backends.store().messages().findDelivery(inbox.id(), late.messageId() + "/" + leaving.lookupKey()))
                .as("no receipt in the deleted INBOX").isEmpty();
    }

    @Test
    void anOverQuotaMailboxIsRetriedThenTheMessageBouncesWith522() throws Exception {
        MailAddress sender = mail.account(domain, "sender", OptionalLong.empty());
        MailAddress full = mail.account(domain, "full", OptionalLong.of(10));
        double retriesBefore = registry.counter("mailfleet_delivery_retries_total", "route", "local").count();

        mail.send(Optional.of(sender), List.of(full), message(sender.toString(), full.toString(), "Too big"));

        assertThat(await(() -> mail.inbox(sender).size() == 1)).as("bounced once the quota wait is over").isTrue();
        assertThat(mail.body(mail.inbox(sender).get(0))).contains("Status: 5.2.2");
        assertThat(mail.inbox(full)).isEmpty();
        assertThat(registry.counter("mailfleet_delivery_retries_total", "route", "local").count())
                .as("waited in the delay topics first").isGreaterThan(retriesBefore);
    }

    private double accountChangesHeard() {
        return registry.counter("mailfleet_delivery_directory_changes_total", "kind", "account").count();
    }

    private double counter(String route, String outcome) {
        return registry.counter("mailfleet_delivery_recipients_total", "route", route, "outcome", outcome).count();
    }
}
