package io.mailfleet.imap.gateway;

import io.mailfleet.imap.gateway.server.Backends;
import io.mailfleet.imap.gateway.server.ImapListeners;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.testing.clients.imap.AngusImap;
import io.mailfleet.testing.clients.imap.ClientRun;
import io.mailfleet.testing.clients.imap.CurlImap;
import io.mailfleet.testing.clients.imap.FetchmailImap;
import io.mailfleet.testing.clients.imap.ImapAccount;
import io.mailfleet.testing.clients.imap.ImapSecurity;
import io.mailfleet.testing.clients.imap.LocalMaildir;
import io.mailfleet.testing.clients.imap.Mbsync;
import io.mailfleet.testing.clients.imap.MuttUnderTmux;
import io.mailfleet.testing.clients.imap.OfflineImap;
import io.mailfleet.testing.clients.imap.SyncRun;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real IMAP clients against the gateway, each doing what its users do all day; what a client did is
 * read back from the store. Plaintext logins are allowed here only because Angus Mail's IdleManager
 * watches socket channels, which it opens only without TLS. Polling the store is set to a minute, so
 * the IDLE notifications seen here came through {@code mailbox.events}; one test adds a second instance.
 */
@QuarkusTest
@TestProfile(ImapClientsIT.PlaintextAllowed.class)
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.imap"))
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImapClientsIT {

    public static final class PlaintextAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailfleet.imap.allow-plaintext-auth", "true", "mailfleet.imap.idle-poll-interval", "60s",
                    "mailfleet.imap.idle-resync-interval", "60s");
        }
    }

    @Inject
    Backends backends;
    @Inject
    ImapListeners listeners;
    @ConfigProperty(name = "mailfleet.imap.tls-certificate")
    Path certificate;

    @TempDir
    Path clientDir;

    @Test
    void mbsyncSynchronisesAMultiFolderAccountBothWaysOverStartTls() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        Mbsync mbsync = Mbsync.configure(account(user, ImapSecurity.STARTTLS), clientDir);

        twoWaySync(accounts, user, mbsync::sync, mbsync.local());
    }

    @Test
    void offlineimapSynchronisesAMultiFolderAccountBothWaysOverImplicitTls() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        OfflineImap offlineimap = OfflineImap.configure(account(user, ImapSecurity.IMPLICIT_TLS), clientDir);

        twoWaySync(accounts, user, offlineimap::sync, offlineimap.local());
    }

    /**
     * The server's folders arrive; a second run changes nothing; a flag set and a message deleted in the
     * Maildir, and a new local folder, reach the server while mail delivered and a flag set on the server
     * reach the Maildir; and then again nothing changes.
     */
    private void twoWaySync(Accounts accounts, MailAddress user, Supplier<SyncRun> sync, LocalMaildir local)
            throws Exception {
        MailboxPath archive = MailboxPath.parse("Archive/2024");
        backends.store().mailboxes().create(user.lookupKey(), archive, Optional.empty());
        accounts.deliver(user, message("Welcome"));
        accounts.deliver(user, message("Invoice"));
        accounts.deliver(user, archive, message("Old news"));

        SyncRun first = sync.get();
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.changes()).as(first.output()).isNotEmpty();
        assertThat(local.folders()).contains("Archive/2024", "INBOX");
        assertThat(local.messages("INBOX")).extracting(LocalMaildir.LocalMessage::subject)
                .containsExactlyInAnyOrder("Invoice", "Welcome");
        assertThat(local.messages("Archive/2024")).extracting(LocalMaildir.LocalMessage::subject).containsExactly("Old news");

        SyncRun again = sync.get();
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.changes()).as(again.output()).isEmpty();

        local.setFlags(local.message("INBOX", "Welcome"), "FS");
        local.delete(local.message("INBOX", "Invoice"));
        local.add("Projects", message("Plan"));
        accounts.deliver(user, message("Late"));
        setFlagged(user, archive, "Old news");

        SyncRun both = sync.get();
        assertThat(both.exitCode()).as(both.output()).isZero();
        List<String> server = serverView(user);
        assertThat(server).as(both.output())
                .contains("INBOX: Welcome [\\Flagged, \\Seen]", "Projects: Plan []", "Archive/2024: Old news [\\Flagged]")
                .noneMatch(line -> line.contains("Invoice"));
        assertThat(local.messages("INBOX")).extracting(LocalMaildir.LocalMessage::subject)
                .containsExactlyInAnyOrder("Late", "Welcome");
        assertThat(local.message("Archive/2024", "Old news").flags()).isEqualTo("F");

        SyncRun last = sync.get();
        assertThat(last.exitCode()).as(last.output()).isZero();
        assertThat(last.changes()).as(last.output()).isEmpty();
        assertThat(serverView(user)).as("a run with nothing to do changes nothing on the server")
                .containsExactlyElementsOf(server);
    }

    @Test
    void muttUnderTmuxReadsFlagsMovesDeletesAndExpungesOverImplicitTls() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        accounts.deliver(user, message("First"));
        accounts.deliver(user, message("Second"));
        accounts.deliver(user, message("Third"));

        try (MuttUnderTmux mutt = MuttUnderTmux.open(account(user, ImapSecurity.IMPLICIT_TLS), "INBOX", clientDir)) {
            assertThat(mutt.screen()).contains("First", "Second", "Third");

            assertThat(mutt.read(1, "This is First.")).contains("Subject: First");
            mutt.toggleFlag(2);
            mutt.saveTo(3, "Saved");
            mutt.delete(1);
            String index = mutt.expunge();

            assertThat(index).contains("Second").doesNotContain("First").doesNotContain("Third");
        }
        assertThat(serverView(user)).containsExactlyInAnyOrder("INBOX: Second [\\Flagged]", "Saved: Third []");
    }

    @Test
    void fetchmailFetchesWhatIsUnseenThenWhatIdleAnnouncesOverStartTls() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        accounts.deliver(user, message("Before"));
        ImapAccount imaps = account(user, ImapSecurity.IMPLICIT_TLS);

        try (FetchmailImap fetchmail = FetchmailImap.start(account(user, ImapSecurity.STARTTLS), "INBOX", clientDir)) {
            assertThat(fetchmail.awaitDelivered(1, Duration.ofSeconds(20)).get(0)).contains("Subject: Before");

            append(imaps, "INBOX", "Pushed");

            List<String> fetched = fetchmail.awaitDelivered(2, Duration.ofSeconds(20));
            assertThat(fetched).hasSize(2);
            assertThat(fetched.get(1)).contains("Subject: Pushed");
            assertThat(fetchmail.log()).contains("STARTTLS").contains(" IDLE");
        }
        assertThat(serverView(user)).as("kept on the server, seen")
                .containsExactly("INBOX: Before [\\Seen]", "INBOX: Pushed [\\Seen]");
    }

    @Test
    void curlListsFetchesByUidAndSearchesOverStartTlsAndImplicitTls() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        String sent = accounts.deliver(user, message("Fetched by curl"));
        backends.store().mailboxes().create(user.lookupKey(), MailboxPath.parse("Archive/2024"), Optional.empty());
        CurlImap starttls = new CurlImap(account(user, ImapSecurity.STARTTLS), clientDir);
        CurlImap imaps = new CurlImap(account(user, ImapSecurity.IMPLICIT_TLS), clientDir);

        ClientRun list = starttls.list().requireSuccess("curl");
        ClientRun fetch = imaps.fetch("INBOX", 1).requireSuccess("curl");
        ClientRun search = imaps.command("INBOX", "UID SEARCH ALL").requireSuccess("curl");

        assertThat(list.output()).contains("\"/\" INBOX", "\"/\" Archive/2024");
        assertThat(fetch.output()).isEqualTo(sent);
        assertThat(search.output()).contains("* SEARCH 1");
    }

    @Test
    void angusMailListsCreatesAppendsFetchesPartsAndIsToldOfNewMailInIdle() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        backends.store().mailboxes().create(user.lookupKey(), MailboxPath.parse("Archive/2024"), Optional.empty());
        ImapAccount imaps = account(user, ImapSecurity.IMPLICIT_TLS);

        Store store = AngusImap.connect(imaps);
        try {
            assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName))
                    .contains("INBOX", "Archive/2024");
            IMAPFolder drafts = (IMAPFolder) store.getFolder("Drafts");
            assertThat(drafts.create(Folder.HOLDS_MESSAGES)).isTrue();
            drafts.open(Folder.READ_WRITE);
            MimeMessage draft = new MimeMessage(AngusImap.session(imaps));
            draft.setFrom(new InternetAddress("angus@example.test"));
            draft.setSubject("Appended by Angus");
            draft.setText("0123456789abcdefghij");
            AppendUID[] appended = drafts.appendUIDMessages(new Message[]{draft});

            assertThat(appended[0].uid).isEqualTo(1);
            assertThat(new String(AngusImap.fetchPartial(drafts, appended[0].uid, "TEXT", 10, 5), StandardCharsets.US_ASCII))
                    .isEqualTo("abcde");
            assertThat(new String(AngusImap.fetchPartial(drafts, appended[0].uid, "", 0, 5), StandardCharsets.US_ASCII))
                    .isEqualTo(start(draft));
            drafts.close(false);
        } finally {
            store.close();
        }
        assertThat(serverView(user)).as("partial fetches are PEEKs: nothing set \\Seen")
                .containsExactly("Drafts: Appended by Angus []");

        ImapAccount plain = account(user, ImapSecurity.NONE);
        Session session = AngusImap.session(plain);
        Store idleStore = session.getStore(AngusImap.protocol(plain));
        idleStore.connect(plain.host(), plain.port(), plain.user(), plain.password());
        try {
            IMAPFolder inbox = (IMAPFolder) idleStore.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int announced = AngusImap.awaitAdded(session, inbox, () -> append(imaps, "INBOX", "Idle news"),
                    Duration.ofSeconds(20));
            assertThat(announced).isEqualTo(1);
        } finally {
            idleStore.close();
        }
    }

    /**
     * Horizontal scaling: a session IDLE on this instance hears of a message APPENDed, a flag set and a
     * message copied through a second instance, through Kafka, long before polling (a minute here) would
     * have told it.
     */
    @Test
    void anIdleSessionHearsOfChangesMadeThroughAnotherInstance() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        accounts.deliver(user, message("Already there"));
        String login = "LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"";

        try (GatewayProcess other = GatewayProcess.start(clientDir.resolve("second-gateway.log"), Duration.ofSeconds(60));
             RawImap idle = RawImap.connect(listeners.port(ImapListeners.PLAIN));
             RawImap writer = RawImap.connect(other.port())) {
            assertThat(idle.command("a1 " + login)).contains("a1 OK");
            assertThat(idle.command("a2 SELECT INBOX")).contains("* 1 EXISTS", "a2 OK");
            idle.send("a3 IDLE");
            assertThat(idle.readUntil(line -> line.startsWith("+"))).isNotEmpty();
            assertThat(writer.command("b1 " + login)).contains("b1 OK");

            String pushed = message("Through the other instance");
            writer.send("b2 APPEND INBOX {" + pushed.length() + "}");
            writer.readUntil(line -> line.startsWith("+"));
            writer.sendRaw(pushed + "\r\n");
            assertThat(writer.readUntil(line -> line.startsWith("b2 "))).last().asString().startsWith("b2 OK");
            long appended = System.nanoTime();
            assertThat(idle.readUntil(line -> line.equals("* 2 EXISTS"), Duration.ofSeconds(10))).isNotEmpty();
            Duration addedDelay = Duration.ofNanos(System.nanoTime() - appended);

            assertThat(writer.command("b3 SELECT INBOX")).contains("b3 OK");
            assertThat(writer.command("b4 STORE 1 +FLAGS.SILENT (\\Flagged)")).contains("b4 OK");
            long flagged = System.nanoTime();
            assertThat(idle.readUntil(line -> line.startsWith("* 1 FETCH") && line.contains("\\Flagged"),
                    Duration.ofSeconds(10))).isNotEmpty();
            Duration flagDelay = Duration.ofNanos(System.nanoTime() - flagged);
            // A copy's hint is made from what the store reports it wrote, not from the target's rows read back.
            assertThat(writer.command("b5 COPY 2 INBOX")).contains("b5 OK [COPYUID ");
            assertThat(idle.readUntil(line -> line.equals("* 3 EXISTS"), Duration.ofSeconds(10))).isNotEmpty();

            System.out.printf("IDLE across instances: EXISTS %d ms after APPEND's OK, FETCH FLAGS %d ms after STORE's OK%n",
                    addedDelay.toMillis(), flagDelay.toMillis());
            assertThat(addedDelay).isLessThan(Duration.ofSeconds(10));
            idle.send("DONE");
            assertThat(idle.readUntil(line -> line.startsWith("a3 "))).last().asString().startsWith("a3 OK");
        }
    }

    private ImapAccount account(MailAddress user, ImapSecurity security) {
        int port = listeners.port(security == ImapSecurity.IMPLICIT_TLS ? ImapListeners.IMPLICIT_TLS : ImapListeners.PLAIN);
        return new ImapAccount("localhost", port, security, certificate, user.toString(), Accounts.PASSWORD);
    }

    /** APPENDs through another IMAP session, as a second client would: the gateway publishes the event. */
    private static void append(ImapAccount account, String mailbox, String subject) {
        try {
            Store store = AngusImap.connect(account);
            try {
                Folder folder = store.getFolder(mailbox);
                MimeMessage message = new MimeMessage(AngusImap.session(account),
                        new ByteArrayInputStream(message(subject).getBytes(StandardCharsets.US_ASCII)));
                folder.appendMessages(new Message[]{message});
            } finally {
                store.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("APPEND of " + subject + " failed", e);
        }
    }

    private void setFlagged(MailAddress user, MailboxPath path, String subject) {
        Mailbox mailbox = backends.store().mailboxes().find(user.lookupKey(), path).orElseThrow();
        StoredMessage found = backends.store().messages().list(mailbox.id()).stream()
                .filter(stored -> subject.equals(subject(stored))).findFirst().orElseThrow();
        backends.store().messages().updateFlags(mailbox.id(), found.uid(),
                flags -> flags.with(Flag.FLAGGED));
    }

    /** Every message of the account as "mailbox: subject [flags]", read from the store. */
    private List<String> serverView(MailAddress user) {
        List<String> view = new ArrayList<>();
        for (Mailbox mailbox : backends.store().mailboxes().list(user.lookupKey())) {
            for (StoredMessage stored : backends.store().messages().list(mailbox.id())) {
                view.add(mailbox.path() + ": " + subject(stored) + " " + stored.flags().asStrings());
            }
        }
        return view;
    }

    private String subject(StoredMessage stored) {
        try (InputStream in = backends.blobs().get(new BlobKey(stored.blobKey()))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(line -> line.startsWith("Subject: ")).findFirst().orElse("Subject: ")
                    .substring("Subject: ".length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String start(MimeMessage draft) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        draft.writeTo(out);
        return out.toString(StandardCharsets.US_ASCII).substring(0, 5);
    }

    private static String message(String subject) {
        return "From: Sender <sender@example.org>\r\n"
                + "To: <someone@example.test>\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Mon, 01 Jan 2024 10:00:00 +0000\r\n"
                + "Message-ID: <" + subject.replace(' ', '.') + "." + System.nanoTime() + "@example.org>\r\n"
                + "\r\n"
                + "This is " + subject + ".\r\n";
    }
}
