package io.mailfleet.imap.gateway;

import io.mailfleet.imap.gateway.processor.AppendProcessor;
import io.mailfleet.imap.gateway.server.Backends;
import io.mailfleet.imap.gateway.server.ImapListeners;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MULTIAPPEND (RFC 3502) on the real Kafka, Cassandra and S3: the messages of one APPEND are appended in one
 * change, with consecutive UIDs and one APPENDUID set, or none of them is (§6.3.11): not when their sum is over
 * the quota though each alone would fit, not when the command breaks off after a first message, not when the
 * client goes away in the middle of one, not when it has more messages than one change takes.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.imap"))
class MultiappendIT {

    @Inject
    Backends backends;
    @Inject
    ImapListeners listeners;
    @Inject
    MeterRegistry registry;

    /** RFC 3502 §6.3.11's example, its literals to the octet (329 and 295), then the APPEND to a missing mailbox. */
    @Test
    void theRfcExampleAppendsBothMessagesAsOneChange() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        String first = """
                Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r
                From: Fred Foobar <foobar@Blurdybloop.example.COM>\r
                Subject: afternoon meeting\r
                To: mooch@owatagu.example.net\r
                Message-Id: <B27397-0100000@Blurdybloop.example.COM>\r
                MIME-Version: 1.0\r
                Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r
                \r
                Hello Joe, do you think we can meet at 3:30 tomorrow?\r
                """;
        String second = """
                Date: Mon, 7 Feb 1994 22:43:04 -0800 (PST)\r
                From: Joe Mooch <mooch@OWaTaGu.example.net>\r
                Subject: Re: afternoon meeting\r
                To: foobar@blurdybloop.example.com\r
                Message-Id: <a0434793874930@OWaTaGu.example.net>\r
                MIME-Version: 1.0\r
                Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r
                \r
                3:30 is fine with me.\r
                """;
        assertThat(first).hasSize(329);
        assertThat(second).hasSize(295);

        try (RawImap imap = login(user)) {
            assertThat(imap.command("c CREATE saved-messages")).contains("c OK");
            Mailbox saved = backends.store().mailboxes().find(user.lookupKey(), MailboxPath.parse("saved-messages")).orElseThrow();

            imap.send("A003 APPEND saved-messages (\\Seen) {329}");
            assertThat(imap.readUntil(line -> line.startsWith("+") || line.startsWith("A003 "))).last().asString().startsWith("+");
            imap.sendRaw(first + " (\\Seen) \" 7-Feb-1994 22:43:04 -0800\" {295}\r\n");
            assertThat(imap.readUntil(line -> line.startsWith("+") || line.startsWith("A003 "))).last().asString().startsWith("+");
            imap.sendRaw(second + "\r\n");
            assertThat(imap.readUntil(line -> line.startsWith("A003 "))).last().asString()
                    .isEqualTo("A003 OK [APPENDUID " + saved.uidValidity().value() + " 1:2] APPEND completed");

            imap.send("A004 APPEND bogusname (\\Flagged) {1023}");
            assertThat(imap.readUntil(line -> line.startsWith("A004 "))).last().asString().startsWith("A004 NO [TRYCREATE]");

            List<StoredMessage> stored = backends.store().messages().list(saved.id());
            assertThat(stored).extracting(message -> message.uid().value()).containsExactly(1L, 2L);
            assertThat(stored).extracting(StoredMessage::size).containsExactly(329L, 295L);
            assertThat(stored).extracting(StoredMessage::flags).containsOnly(Flags.of(Flag.SEEN));
            assertThat(stored.get(0).modSeq()).isEqualTo(stored.get(1).modSeq());
            assertThat(stored.get(1).internalDate()).isEqualTo(Instant.parse("1994-02-08T06:43:04Z"));
        }
    }

    @Test
    void threeMessagesToTheSelectedMailboxGetConsecutiveUidsOneAppendUidSetAndOneReport() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        accounts.deliver(user, Accounts.message("Delivered", "delivered body"));
        Mailbox inbox = backends.store().mailboxes().find(user.lookupKey(), MailboxPath.INBOX).orElseThrow();

        try (RawImap imap = login(user)) {
            assertThat(imap.command("s SELECT INBOX")).contains("* 1 EXISTS", "s OK");

            String answer = multiappend(imap, "m", message("one"), message("two"), message("three"));

            // Nothing else changed since the SELECT: the three appends are reported as they are, not read back.
            assertThat(answer).contains("* 4 EXISTS", "m OK [APPENDUID " + inbox.uidValidity().value() + " 2:4]")
                    .doesNotContain("FETCH", "* 2 EXISTS", "* 3 EXISTS");
            assertThat(imap.command("n NOOP")).doesNotContain("EXISTS").contains("n OK");
            assertThat(imap.command("f UID FETCH 2:* (UID)")).contains("* 2 FETCH (UID 2)", "* 3 FETCH (UID 3)",
                    "* 4 FETCH (UID 4)", "f OK");
        }
        List<StoredMessage> stored = backends.store().messages().list(inbox.id());
        assertThat(stored).hasSize(4);
        assertThat(stored.subList(1, 4)).extracting(StoredMessage::modSeq).containsOnly(stored.get(1).modSeq());
    }

    @Test
    void aMultiappendWhoseSumIsOverTheQuotaAddsNothingThoughEachMessageWouldFit() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create(500);
        Mailbox inbox = backends.store().mailboxes().find(user.lookupKey(), MailboxPath.INBOX).orElseThrow();
        String sized = "Subject: sized\r\n\r\n" + "x".repeat(200 - 20) + "\r\n";
        assertThat(sized).hasSize(200);

        try (RawImap imap = login(user)) {
            assertThat(imap.command("s SELECT INBOX")).contains("* 0 EXISTS", "s OK");
            assertThat(multiappend(imap, "p", sized)).contains("* 1 EXISTS", "p OK [APPENDUID ");
            String before = status(imap);
            assertThat(before).contains("MESSAGES 1", "UIDNEXT 2");

            // 300 octets are left: either message alone fits, both do not.
            String refused = multiappend(imap, "q", sized, sized);
            assertThat(refused).contains("q NO [OVERQUOTA]").doesNotContain("EXISTS", "APPENDUID");

            assertThat(imap.command("n NOOP")).doesNotContain("EXISTS").contains("n OK");
            assertThat(status(imap)).isEqualTo(before);
        }
        assertThat(backends.store().messages().counters(inbox.id()).bytes()).isEqualTo(200);
    }

    @Test
    void aSyntaxErrorAfterTheFirstLiteralAddsNothing() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        accounts.deliver(user, Accounts.message("Delivered", "delivered body"));

        try (RawImap imap = login(user)) {
            String before = status(imap);
            String first = message("first");
            imap.send("b APPEND INBOX {" + first.length() + "}");
            assertThat(imap.readUntil(line -> line.startsWith("+") || line.startsWith("b "))).last().asString().startsWith("+");
            // Neither a flag list nor a date: the second message's line is not APPEND's syntax.
            imap.sendRaw(first + " NOTAFLAGLIST {5}\r\n");
            assertThat(imap.readUntil(line -> line.startsWith("b "))).last().asString().startsWith("b BAD");

            assertThat(status(imap)).isEqualTo(before).contains("MESSAGES 1", "UIDNEXT 2");
        }
    }

    @Test
    void aClientThatGoesAwayInsideTheSecondLiteralAddsNothing() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        Mailbox inbox = backends.store().mailboxes().find(user.lookupKey(), MailboxPath.INBOX).orElseThrow();
        String first = message("first");
        String second = message("second, never finished");

        RawImap imap = login(user);
        imap.send("g APPEND INBOX {" + first.length() + "}");
        assertThat(imap.readUntil(line -> line.startsWith("+") || line.startsWith("g "))).last().asString().startsWith("+");
        imap.sendRaw(first + " {" + second.length() + "}\r\n");
        // The gateway took the first message and opened the second: it asks for its literal.
        assertThat(imap.readUntil(line -> line.startsWith("+") || line.startsWith("g "))).last().asString().startsWith("+");
        imap.sendRaw(second.substring(0, second.length() / 2));
        imap.close();
        awaitNoConnections();

        assertThat(backends.store().messages().counters(inbox.id()).messages()).isZero();
        try (RawImap again = login(user)) {
            assertThat(status(again)).contains("MESSAGES 0", "UIDNEXT 1");
        }
    }

    @Test
    void aMessageBeyondWhatOneChangeTakesRefusesTheWholeAppend() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        Mailbox inbox = backends.store().mailboxes().find(user.lookupKey(), MailboxPath.INBOX).orElseThrow();
        String small = message("small");
        StringBuilder command = new StringBuilder("l APPEND INBOX");
        for (int i = 0; i <= AppendProcessor.MAX_MESSAGES; i++) {
            command.append(" {").append(small.length()).append("+}\r\n").append(small);
        }

        try (RawImap imap = login(user)) {
            imap.sendRaw(command + "\r\n");
            assertThat(imap.readUntil(line -> line.startsWith("l "))).last().asString().startsWith("l NO [LIMIT]");
            // The refused message's literal was skipped: the next line is a command again.
            assertThat(status(imap)).contains("MESSAGES 0", "UIDNEXT 1");

            // As many as one change takes are appended, all of them.
            String fits = command.substring(0, command.lastIndexOf(" {"));
            imap.sendRaw(fits + "\r\n");
            assertThat(imap.readUntil(line -> line.startsWith("l "))).last().asString()
                    .startsWith("l OK [APPENDUID " + inbox.uidValidity().value() + " 1:" + AppendProcessor.MAX_MESSAGES + "]");
        }
        assertThat(backends.store().messages().counters(inbox.id()).messages()).isEqualTo(AppendProcessor.MAX_MESSAGES);
    }

    /** Until the gateway has closed every connection, this test's included: then it is done with their commands. */
    private void awaitNoConnections() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (registry.find("mailfleet_imap_connections_active").gauges().stream().anyMatch(gauge -> gauge.value() > 0)) {
            assertThat(System.nanoTime()).as("connections still open after 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private RawImap login(MailAddress user) throws Exception {
        RawImap imap = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS));
        assertThat(imap.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
        return imap;
    }

    private static String message(String subject) {
        return "Subject: " + subject + "\r\n\r\n" + subject + " body\r\n";
    }

    /** INBOX's message count and next UID, as STATUS reads them from the store. */
    private static String status(RawImap imap) throws Exception {
        String answer = imap.command("t STATUS INBOX (MESSAGES UIDNEXT)");
        assertThat(answer).contains("t OK");
        return answer.lines().filter(line -> line.startsWith("* STATUS")).findFirst().orElseThrow();
    }

    /** One APPEND of {@code messages}, each in a synchronising literal sent once the server asks for it. */
    private static String multiappend(RawImap imap, String tag, String... messages) throws Exception {
        imap.send(tag + " APPEND INBOX {" + messages[0].length() + "}");
        for (int i = 0; i < messages.length; i++) {
            List<String> reply = imap.readUntil(line -> line.startsWith("+") || line.startsWith(tag + " "));
            assertThat(reply.get(reply.size() - 1)).startsWith("+");
            imap.sendRaw(messages[i] + (i + 1 < messages.length ? " {" + messages[i + 1].length() + "}" : "") + "\r\n");
        }
        return String.join("\r\n", imap.readUntil(line -> line.startsWith(tag + " ")));
    }
}
