package io.mailfleet.testing.clients.imap;

import io.mailfleet.testing.peers.DovecotImapServer;
import io.mailfleet.testing.peers.DovecotImapServer.StoredMessage;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every IMAP client driver against a real Dovecot, over STARTTLS, implicit TLS and (for Angus Mail's
 * IdleManager, which needs socket channels) plaintext: what each client did is read back from the
 * server's own store with doveadm. The same drivers then face mailfleet's imap-gateway.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImapClientsAgainstDovecotIT {

    private static final String PASSWORD = "client-test-secret";
    private static final List<String> USERS = List.of("mbsync", "offlineimap", "mutt", "fetchmail", "curl", "angus");

    @TempDir
    static Path serverDir;
    private static DovecotImapServer dovecot;

    @TempDir
    Path clientDir;

    @BeforeAll
    static void startDovecot() {
        dovecot = DovecotImapServer.start(serverDir, USERS.stream()
                .collect(Collectors.toMap(ImapClientsAgainstDovecotIT::user, user -> PASSWORD)));
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @Test
    void mbsyncSynchronisesAMultiFolderAccountBothWaysOverStartTls() {
        String user = user("mbsync");
        Mbsync mbsync = Mbsync.configure(dovecot.account(user), clientDir);

        twoWaySync(user, mbsync::sync, mbsync.local());
    }

    @Test
    void offlineimapSynchronisesAMultiFolderAccountBothWaysOverImplicitTls() {
        String user = user("offlineimap");
        OfflineImap offlineimap = OfflineImap.configure(
                dovecot.account(user).on(dovecot.tlsPort(), ImapSecurity.IMPLICIT_TLS), clientDir);

        twoWaySync(user, offlineimap::sync, offlineimap.local());
    }

    /**
     * The server's folders arrive; a second run changes nothing; a flag set and a message deleted in
     * the Maildir, and a new local folder, reach the server while mail delivered and a flag set on
     * the server reach the Maildir; and then again nothing changes.
     */
    private static void twoWaySync(String user, Supplier<SyncRun> sync, LocalMaildir local) {
        dovecot.deliver(user, "INBOX", message("Welcome", "Mon, 01 Jan 2024 10:00:00 +0000"));
        dovecot.deliver(user, "INBOX", message("Invoice", "Mon, 01 Jan 2024 11:00:00 +0000"));
        dovecot.createMailbox(user, "Archive/2024");
        dovecot.deliver(user, "Archive/2024", message("Old news", "Mon, 01 Jan 2024 09:00:00 +0000"));

        SyncRun first = sync.get();
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.changes()).as(first.output()).isNotEmpty();
        assertThat(local.folders()).containsExactly("Archive/2024", "INBOX");
        assertThat(local.messages("INBOX")).extracting(LocalMaildir.LocalMessage::subject).containsExactly("Invoice", "Welcome");
        assertThat(local.messages("Archive/2024")).extracting(LocalMaildir.LocalMessage::subject).containsExactly("Old news");

        SyncRun again = sync.get();
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.changes()).as(again.output()).isEmpty();

        local.setFlags(local.message("INBOX", "Welcome"), "FS");
        local.delete(local.message("INBOX", "Invoice"));
        local.add("Projects", message("Plan", "Tue, 02 Jan 2024 08:00:00 +0000"));
        dovecot.deliver(user, "INBOX", message("Late", "Tue, 02 Jan 2024 12:00:00 +0000"));
        dovecot.addFlags(user, "Archive/2024", "Old news", "\\Flagged");

        SyncRun both = sync.get();
        assertThat(both.exitCode()).as(both.output()).isZero();
        List<StoredMessage> server = dovecot.messages(user);
        assertThat(server).as(both.output()).extracting(m -> m.mailbox() + ": " + m.subject() + " " + m.flags())
                .contains("INBOX: Welcome [\\Flagged, \\Seen]", "Projects: Plan []",
                        "Archive/2024: Old news [\\Flagged]")
                .noneMatch(m -> m.contains("Invoice"));
        assertThat(local.messages("INBOX")).extracting(LocalMaildir.LocalMessage::subject).containsExactly("Late", "Welcome");
        assertThat(local.message("Archive/2024", "Old news").flags()).isEqualTo("F");

        SyncRun last = sync.get();
        assertThat(last.exitCode()).as(last.output()).isZero();
        assertThat(last.changes()).as(last.output()).isEmpty();
        assertThat(dovecot.messages(user)).as("a run with nothing to do changes nothing on the server")
                .extracting(m -> m.mailbox() + ": " + m.subject() + " " + withoutRecent(m.flags()))
                .containsExactlyElementsOf(server.stream()
                        .map(m -> m.mailbox() + ": " + m.subject() + " " + withoutRecent(m.flags())).toList());
    }

    @Test
    void muttUnderTmuxReadsFlagsMovesDeletesAndExpungesOverImplicitTls() {
        String user = user("mutt");
        dovecot.deliver(user, "INBOX", message("First", "Mon, 01 Jan 2024 10:00:00 +0000"));
        dovecot.deliver(user, "INBOX", message("Second", "Mon, 01 Jan 2024 11:00:00 +0000"));
        dovecot.deliver(user, "INBOX", message("Third", "Mon, 01 Jan 2024 12:00:00 +0000"));

        try (MuttUnderTmux mutt = MuttUnderTmux.open(dovecot.account(user).on(dovecot.tlsPort(), ImapSecurity.IMPLICIT_TLS),
                "INBOX", clientDir)) {
            assertThat(mutt.screen()).contains("First", "Second", "Third");

            assertThat(mutt.read(1, "This is First.")).contains("Subject: First");
            mutt.toggleFlag(2);
            mutt.saveTo(3, "Saved");
            mutt.delete(1);
            String index = mutt.expunge();

            assertThat(index).contains("Second").doesNotContain("First").doesNotContain("Third");
        }
        assertThat(dovecot.messages(user)).extracting(m -> m.mailbox() + ": " + m.subject() + " " + withoutRecent(m.flags()))
                .containsExactly("INBOX: Second [\\Flagged]", "Saved: Third []");
    }

    @Test
    void fetchmailFetchesWhatIsUnseenThenWhatIdleAnnouncesOverStartTls() {
        String user = user("fetchmail");
        dovecot.deliver(user, "INBOX", message("Before", "Mon, 01 Jan 2024 10:00:00 +0000"));

        try (FetchmailImap fetchmail = FetchmailImap.start(dovecot.account(user), "INBOX", clientDir)) {
            assertThat(fetchmail.awaitDelivered(1, Duration.ofSeconds(20)).get(0)).contains("Subject: Before");

            dovecot.deliver(user, "INBOX", message("Pushed", "Mon, 01 Jan 2024 11:00:00 +0000"));

            List<String> fetched = fetchmail.awaitDelivered(2, Duration.ofSeconds(20));
            assertThat(fetched).hasSize(2);
            assertThat(fetched.get(1)).contains("Subject: Pushed");
            assertThat(fetchmail.log()).contains("STARTTLS").contains("IMAP> A0").contains(" IDLE");
        }
        assertThat(dovecot.messages(user)).as("kept on the server, seen")
                .extracting(m -> m.subject() + " " + withoutRecent(m.flags()))
                .containsExactly("Before [\\Seen]", "Pushed [\\Seen]");
    }

    @Test
    void curlListsFetchesByUidAndSearchesOverStartTlsAndImplicitTls() {
        String user = user("curl");
        String sent = message("Fetched by curl", "Mon, 01 Jan 2024 10:00:00 +0000");
        dovecot.deliver(user, "INBOX", sent);
        dovecot.createMailbox(user, "Archive/2024");
        CurlImap starttls = new CurlImap(dovecot.account(user), clientDir);
        CurlImap imaps = new CurlImap(dovecot.account(user).on(dovecot.tlsPort(), ImapSecurity.IMPLICIT_TLS), clientDir);

        ClientRun list = starttls.list().requireSuccess("curl");
        ClientRun fetch = imaps.fetch("INBOX", 1).requireSuccess("curl");
        ClientRun search = imaps.command("INBOX", "UID SEARCH ALL").requireSuccess("curl");

        assertThat(list.output()).contains("\"/\" INBOX", "\"/\" Archive/2024");
        assertThat(fetch.output()).isEqualTo(sent);
        assertThat(search.output()).contains("* SEARCH 1");
    }

    @Test
    void angusMailListsCreatesAppendsFetchesPartsAndIsToldOfNewMailInIdle() throws Exception {
        String user = user("angus");
        dovecot.createMailbox(user, "Archive/2024");
        ImapAccount imaps = dovecot.account(user).on(dovecot.tlsPort(), ImapSecurity.IMPLICIT_TLS);

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
                    .isEqualTo(draftStart(draft));
            drafts.close(false);
        } finally {
            store.close();
        }
        assertThat(dovecot.messages(user)).extracting(m -> m.mailbox() + ": " + m.subject() + " " + withoutRecent(m.flags()))
                .as("partial fetches are PEEKs: nothing set \\Seen").containsExactly("Drafts: Appended by Angus []");

        // The IdleManager watches socket channels, which Angus Mail opens only without TLS.
        ImapAccount plain = dovecot.account(user).on(dovecot.port(), ImapSecurity.NONE);
        Session session = AngusImap.session(plain);
        Store idleStore = session.getStore(AngusImap.protocol(plain));
        idleStore.connect(plain.host(), plain.port(), plain.user(), plain.password());
        try {
            IMAPFolder inbox = (IMAPFolder) idleStore.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int announced = AngusImap.awaitAdded(session, inbox,
                    () -> dovecot.deliver(user, "INBOX", message("Idle news", "Mon, 01 Jan 2024 10:00:00 +0000")),
                    Duration.ofSeconds(20));
            assertThat(announced).isEqualTo(1);
        } finally {
            idleStore.close();
        }
        assertThat(dovecot.messages(user)).extracting(StoredMessage::subject).contains("Idle news");
    }

    private static String draftStart(MimeMessage draft) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        draft.writeTo(out);
        return out.toString(StandardCharsets.US_ASCII).substring(0, 5);
    }

    private static String user(String name) {
        return name + "@example.test";
    }

    /** \Recent belongs to a session (RFC 3501), not to the message: who saw it first depends on timing. */
    private static Set<String> withoutRecent(Set<String> flags) {
        return flags.stream().filter(flag -> !flag.equals("\\Recent")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String message(String subject, String date) {
        return "From: Sender <sender@example.org>\r\n"
                + "To: <someone@example.test>\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: " + date + "\r\n"
                + "Message-ID: <" + subject.replace(' ', '.') + "@example.org>\r\n"
                + "\r\n"
                + "This is " + subject + ".\r\n";
    }
}
