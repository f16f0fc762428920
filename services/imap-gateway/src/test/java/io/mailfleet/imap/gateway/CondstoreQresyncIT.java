package io.mailfleet.imap.gateway;

import io.mailfleet.imap.gateway.processor.MailboxSync;
import io.mailfleet.imap.gateway.processor.Selected;
import io.mailfleet.imap.gateway.server.Backends;
import io.mailfleet.imap.gateway.server.ImapListeners;
import io.mailfleet.imap.selected.Reporting;
import io.mailfleet.imap.selected.SelectedMailbox;
import io.mailfleet.imap.selected.UpdateMoment;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.cassandra.MessageStoreSettings;
import io.mailfleet.store.mailbox.ChangesSince;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import static io.mailfleet.imap.gateway.PythonImaplib.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONDSTORE and QRESYNC (RFC 7162) as Python's imaplib sees them on the real Kafka, Cassandra and S3: a
 * client that left with UIDVALIDITY, HIGHESTMODSEQ and its UIDs comes back after another session changed
 * flags (conditionally too) and expunged, and is told exactly those changes; and a client whose MODSEQ is
 * older than the logs is told every UID it may hold that is gone. ESEARCH, SEARCHRES and OBJECTID (RFC 4731,
 * RFC 5182, RFC 8474) and STATUS=SIZE are driven on the same connection.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.imap"))
class CondstoreQresyncIT {

    @Inject
    Backends backends;
    @Inject
    ImapListeners listeners;

    @TempDir
    Path dir;

    @Test
    void aReturningClientIsToldExactlyWhatChangedWhileItWasAway() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        for (int i = 1; i <= 6; i++) {
            accounts.deliver(user, Accounts.message("Message " + i, "body " + i));
        }
        MessageRepository messages = backends.store().messages();
        Mailbox inbox = backends.store().mailboxes().find(user.lookupKey(), MailboxPath.INBOX).orElseThrow();
        long before = messages.counters(inbox.id()).highestModSeq().value();
        Old old = oldMailboxWithExpiredLogs(accounts, user);

        // A session selected all along learns the same from its own resync: VANISHED and the flag change.
        MailboxSync.applyTo(old.session(), MailboxSync.read(messages, old.session()), new HashMap<>());
        List<String> updates = old.session().view().updates(UpdateMoment.ANY_COMMAND, new Reporting(false, true, true)).stream()
                .map(response -> new String(response.encode(false), StandardCharsets.US_ASCII)).toList();

        String output = PythonImaplib.run(dir, "qresync_session.py", "127.0.0.1",
                Integer.toString(listeners.port(ImapListeners.IMPLICIT_TLS)), user.toString(), Accounts.PASSWORD,
                Long.toString(old.mailbox().uidValidity().value()), Long.toString(old.clientModSeq()));

        Map<Long, Long> modSeqs = messages.findAll(inbox.id(), List.of(Uid.of(1), Uid.of(2), Uid.of(4))).stream()
                .collect(Collectors.toMap(message -> message.uid().value(), message -> message.modSeq().value()));
        String flagged1 = "UID 1 FLAGS ($Done) MODSEQ (" + modSeqs.get(1L) + ")";
        String answered2 = "UID 2 FLAGS (\\\\Answered) MODSEQ (" + modSeqs.get(2L) + ")";
        String seen4 = "UID 4 FLAGS (\\\\Seen) MODSEQ (" + modSeqs.get(4L) + ")";
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(line(output, "CAPABILITY")).contains(" ENABLE ", " CONDSTORE QRESYNC ");
        softly.assertThat(line(output, "ENABLE")).contains("'OK'");
        softly.assertThat(line(output, "SELECT")).contains("'HIGHESTMODSEQ': [b'" + before + "']", "'EXISTS': [b'6']");
        softly.assertThat(line(output, "KNOWN")).contains("UID 1 ", "UID 6 ");
        softly.assertThat(line(output, "STATUS")).contains("(HIGHESTMODSEQ " + before + " MESSAGES 6)");
        softly.assertThat(line(output, "SELECT-CONDSTORE")).contains("'HIGHESTMODSEQ': [b'" + before + "']");
        softly.assertThat(line(output, "STORE-SILENT-CONDITIONAL"))
                .contains("'FETCH': [b'1 (UID 1 MODSEQ (" + modSeqs.get(1L) + "))']").doesNotContain("MODIFIED");
        softly.assertThat(line(output, "STORE-CONDITIONAL")).contains("[MODIFIED 1]", "'FETCH': [b'2 (" + answered2 + ")']");
        softly.assertThat(line(output, "STORE-UNCHANGEDSINCE-0")).contains("[MODIFIED 4]").doesNotContain("FETCH");
        softly.assertThat(line(output, "STORE")).contains("'FETCH': [b'4 (" + seen4 + ")']");
        softly.assertThat(line(output, "EXPUNGE")).contains("[HIGHESTMODSEQ ", "'EXPUNGE': [b'3', b'4']");
        softly.assertThat(line(output, "FETCH-CHANGEDSINCE")).contains("'FETCH': [b'1 (" + flagged1 + ")', b'2 ("
                + answered2 + ")', b'3 (" + seen4 + ")']");
        long highest = modSeqs.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        softly.assertThat(line(output, "SEARCH-MODSEQ")).contains("[b'1 2 4 (MODSEQ " + highest + ")']");
        softly.assertThat(line(output, "ESEARCH-MODSEQ")).contains("UID COUNT 3 MODSEQ " + highest);
        softly.assertThat(line(output, "RESYNC")).contains("'EXISTS': [b'4']", "'VANISHED': [b'(EARLIER) 3,5']",
                "b'1 (" + flagged1 + ")'", "b'2 (" + answered2 + ")'", "b'3 (" + seen4 + ")'");
        softly.assertThat(line(output, "RESYNC-FETCHED")).endsWith("[1, 2, 4]");
        softly.assertThat(line(output, "FETCH-VANISHED")).contains("'VANISHED': [b'(EARLIER) 3,5']");
        softly.assertThat(line(output, "FETCH-VANISHED-FETCHED")).endsWith("[1, 2, 4]");
        softly.assertThat(line(output, "RESYNC-OTHER-UIDVALIDITY")).contains("'OK'").doesNotContain("VANISHED", "FETCH");
        softly.assertThat(line(output, "EXPUNGE-OTHER")).contains("('OK', [b'4'])");
        softly.assertThat(line(output, "NOOP-VANISHED")).contains("'VANISHED': [b'6']").doesNotContain("EXPUNGE");

        StoredMessage flagged = messages.find(old.mailbox().id(), Uid.of(3)).orElseThrow();
        StoredMessage moved = messages.find(inbox.id(), Uid.of(7)).orElseThrow();
        String flagged3 = "UID 3 FLAGS (\\\\Flagged) MODSEQ (" + flagged.modSeq().value() + ")";
        softly.assertThat(line(output, "TRIMMED")).contains("'VANISHED': [b'(EARLIER) 2,4']", "b'2 (" + flagged3 + ")'");
        softly.assertThat(line(output, "TRIMMED-FETCHED")).endsWith("[3]");
        softly.assertThat(updates).containsExactly("* VANISHED 2\r\n",
                "* 2 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (" + flagged.modSeq().value() + "))\r\n");
        softly.assertThat(line(output, "TRIMMED-KNOWN")).contains("'VANISHED': [b'(EARLIER) 2']", "b'2 (" + flagged3 + ")'");
        softly.assertThat(line(output, "TRIMMED-FETCH-VANISHED")).contains("'VANISHED': [b'(EARLIER) 2,4']");
        softly.assertThat(line(output, "TRIMMED-FETCH-VANISHED-FETCHED")).endsWith("[3]");
        softly.assertThat(line(output, "ESEARCH-ALL")).contains("UID ALL 1,3,5 COUNT 3");
        softly.assertThat(line(output, "ESEARCH-DEFAULT")).containsPattern("'ESEARCH': \\[b'\\(TAG \"[^\"]+\"\\) ALL 1,3'\\]");
        softly.assertThat(line(output, "ESEARCH-NONE")).containsPattern("'ESEARCH': \\[b'\\(TAG \"[^\"]+\"\\)'\\]");
        softly.assertThat(line(output, "SEARCHRES-SAVE")).contains("'OK'").doesNotContain("ESEARCH");
        softly.assertThat(line(output, "SEARCHRES-FETCH")).contains("UID 1 ", "UID 5 ").doesNotContain("UID 3 ");
        softly.assertThat(line(output, "SEARCHRES-MAX")).contains("MAX 3");
        softly.assertThat(line(output, "SEARCHRES-FETCH-MAX")).contains("'FETCH': [b'3 (UID 5");
        softly.assertThat(line(output, "SEARCHRES-FAILED")).contains("'NO'", "BADCHARSET");
        softly.assertThat(line(output, "SEARCHRES-FETCH-EMPTY")).contains("'OK'").doesNotContain("FETCH':");
        String emailId = moved.messageId().toString();
        softly.assertThat(line(output, "TRIMMED")).contains("'MAILBOXID': [b'(" + old.mailbox().id() + ")']");
        softly.assertThat(line(output, "OBJECTID-FETCH")).contains("(UID 1 EMAILID (" + emailId + ") THREADID NIL");
        softly.assertThat(line(output, "OBJECTID-SEARCH")).contains("[b'1']");
        softly.assertThat(line(output, "OBJECTID-MOVE")).contains("COPYUID");
        softly.assertThat(line(output, "OBJECTID-SELECT")).contains("[b'(" + inbox.id() + ")']");
        softly.assertThat(line(output, "OBJECTID-MOVED")).contains("[b'7']");
        softly.assertThat(line(output, "STATUS-OBJECTID-SIZE")).contains("(MAILBOXID (" + inbox.id() + ") SIZE "
                + messages.counters(inbox.id()).bytes() + " MESSAGES 4)");
        softly.assertThat(output).contains("DONE");
        softly.assertAll();
    }

    /** The mailbox, the MODSEQ a client last saw, and a session that has had it selected since then. */
    private record Old(Mailbox mailbox, long clientModSeq, Selected session) {
    }

    /**
     * "Old" holds UIDs 1, 3 and 5: 4 was expunged before the client's MODSEQ, 2 after it and 3 flagged after
     * it, by a writer whose logs live one second, and they have expired. The client's MODSEQ is the mailbox's
     * HIGHESTMODSEQ before those last two changes, when the session returned was opened.
     */
    private Old oldMailboxWithExpiredLogs(Accounts accounts, MailAddress user) throws Exception {
        MailboxPath path = MailboxPath.parse("Old");
        Mailbox old = backends.store().mailboxes().create(user.lookupKey(), path, Optional.empty()).mailbox();
        for (int i = 1; i <= 5; i++) {
            accounts.deliver(user, path, Accounts.message("Old " + i, "old body " + i));
        }
        backends.store().messages().expunge(old.id(), List.of(Uid.of(4)));
        long clientModSeq = backends.store().messages().counters(old.id()).highestModSeq().value();
        Selected session = new Selected(old, new SelectedMailbox("Old", old.uidValidity(), false, new long[] {1, 2, 3, 5},
                new long[0], OptionalLong.of(clientModSeq)), clientModSeq);
        MessageRepository shortLived = new CassandraMessageRepository(backends.store().session(),
                new MessageStoreSettings(Duration.ofSeconds(1), MessageStoreSettings.DEFAULTS.moveResumeAfter()));
        shortLived.store(old.id(), List.of(Uid.of(3)), FlagUpdate.add(Flags.of(Flag.FLAGGED)), Optional.empty());
        shortLived.expunge(old.id(), List.of(Uid.of(2)));
        awaitLogsExpired(shortLived, old, clientModSeq);
        return new Old(old, clientModSeq, session);
    }

    /** Waits until the log entries of every change after {@code clientModSeq} have expired: from there on, a resync. */
    private static void awaitLogsExpired(MessageRepository messages, Mailbox mailbox, long clientModSeq) throws InterruptedException {
        long last = messages.counters(mailbox.id()).highestModSeq().value();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (long since = clientModSeq; since < last; since++) {
            while (!(messages.changesSince(mailbox.id(), ModSeq.of(since)) instanceof ChangesSince.ResyncRequired)) {
                assertThat(System.nanoTime() - deadline).as("the log entry after MODSEQ %d, 30 s after it was written to live 1 s", since)
                        .isNegative();
                Thread.sleep(100);
            }
        }
    }
}
