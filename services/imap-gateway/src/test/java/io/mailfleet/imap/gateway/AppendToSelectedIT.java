package io.mailfleet.imap.gateway;

import io.mailfleet.imap.gateway.server.Backends;
import io.mailfleet.imap.gateway.server.ImapListeners;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * APPEND to the selected mailbox on the real Kafka, Cassandra and S3: its answer brings the session's view
 * up to the appended message, whether the append was the only change since the view's last read (told
 * from the append's own MODSEQs, with no read of the store) or other writers changed the mailbox before
 * it (read from the store, so their changes come in the same answer); and the view is exact afterwards.
 * An append past the account's quota, checked while its upload finishes, is refused and adds nothing.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.imap"))
class AppendToSelectedIT {

    @Inject
    Backends backends;
    @Inject
    ImapListeners listeners;

    @Test
    void anAppendToTheSelectedMailboxReportsItselfAndWhateverElseChangedBeforeIt() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        accounts.deliver(user, Accounts.message("First", "first body"));
        Mailbox inbox = backends.store().mailboxes().find(user.lookupKey(), MailboxPath.INBOX).orElseThrow();
        long uidValidity = inbox.uidValidity().value();

        try (RawImap imap = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS))) {
            assertThat(imap.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
            assertThat(imap.command("s SELECT INBOX")).contains("* 1 EXISTS", "s OK");

            // Nothing changed since the SELECT: the append is all there is to report.
            String alone = append(imap, "p", "Subject: alone\r\n\r\nalone\r\n");
            assertThat(alone).contains("* 2 EXISTS", "p OK [APPENDUID " + uidValidity + " 2]").doesNotContain("FETCH");

            // Another writer delivers a message and flags the first one, then this session appends.
            accounts.deliver(user, Accounts.message("Third", "third body"));
            backends.store().messages().updateFlags(inbox.id(), Uid.of(1), flags -> flags.with(Flag.FLAGGED));
            String after = append(imap, "q", "Subject: after\r\n\r\nafter\r\n");
            assertThat(after).contains("* 4 EXISTS", "* 1 FETCH (", "FLAGS (\\Flagged)", "q OK [APPENDUID " + uidValidity + " 4]");

            // Reported once: a poll finds nothing more, and the view numbers all four messages in UID order.
            assertThat(imap.command("n NOOP")).doesNotContain("EXISTS", "FETCH").contains("n OK");
            assertThat(imap.command("f FETCH 1:* (UID FLAGS)")).contains("* 1 FETCH (UID 1 FLAGS (\\Flagged))",
                    "* 2 FETCH (UID 2 FLAGS ())", "* 3 FETCH (UID 3 FLAGS ())", "* 4 FETCH (UID 4 FLAGS ())", "f OK");
        }
        assertThat(backends.store().messages().list(inbox.id())).hasSize(4);
    }

    @Test
    void anAppendPastTheQuotaIsRefusedAndAddsNothingWhileOneWithinItIsAdded() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create(300);
        Mailbox inbox = backends.store().mailboxes().find(user.lookupKey(), MailboxPath.INBOX).orElseThrow();
        String message = "Subject: sized\r\n\r\n" + "x".repeat(200 - 20) + "\r\n";

        try (RawImap imap = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS))) {
            assertThat(imap.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
            assertThat(imap.command("s SELECT INBOX")).contains("* 0 EXISTS", "s OK");

            assertThat(append(imap, "p", message)).contains("* 1 EXISTS", "p OK [APPENDUID ");
            String refused = append(imap, "q", message);
            assertThat(refused).contains("q NO [OVERQUOTA]").doesNotContain("EXISTS", "APPENDUID");

            assertThat(imap.command("n NOOP")).doesNotContain("EXISTS").contains("n OK");
        }
        assertThat(message).hasSize(200);
        assertThat(backends.store().messages().list(inbox.id())).hasSize(1);
        assertThat(backends.store().messages().counters(inbox.id()).bytes()).isEqualTo(200);
    }

    /** APPEND with a synchronising literal, sent once the server asks for it; the lines up to the tagged answer. */
    private static String append(RawImap imap, String tag, String message) throws Exception {
        imap.send(tag + " APPEND INBOX {" + message.length() + "}");
        List<String> reply = imap.readUntil(line -> line.startsWith("+") || line.startsWith(tag + " "));
        assertThat(reply.get(reply.size() - 1)).startsWith("+");
        imap.sendRaw(message + "\r\n");
        return String.join("\r\n", imap.readUntil(line -> line.startsWith(tag + " ")));
    }
}
