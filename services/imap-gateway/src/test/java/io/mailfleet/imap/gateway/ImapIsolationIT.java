package io.mailfleet.imap.gateway;

import io.mailfleet.imap.gateway.server.Backends;
import io.mailfleet.imap.gateway.server.ImapListeners;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account isolation (docs/architecture.md, invariant 7): a logged-in user tries to reach another
 * account's mailboxes by every name and id a client could send, with every command that takes a
 * mailbox, and by SASL's authorization identity. Nothing the other account holds appears in any
 * response, and its mailboxes and messages are the same afterwards.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.imap"))
class ImapIsolationIT {

    private static final String SECRET = "SECRET-OF-THE-OTHER-ACCOUNT";

    @Inject
    Backends backends;
    @Inject
    ImapListeners listeners;

    @Test
    void nothingOfAnotherAccountIsReadableOrWritableByAnyNameOrId() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress other = accounts.create();
        backends.store().mailboxes().create(other.lookupKey(), MailboxPath.parse("Private"), java.util.Optional.empty());
        accounts.deliver(other, Accounts.message("Hidden", SECRET));
        accounts.deliver(other, MailboxPath.parse("Private"), Accounts.message("Hidden too", SECRET));
        MailAddress user = accounts.create();
        accounts.deliver(user, Accounts.message("Mine", "my own body"));
        Map<String, Long> otherBefore = contents(other);

        String mailboxId;
        String emailId;
        try (RawImap victim = login(other)) {
            mailboxId = group(victim.command("v1 STATUS INBOX (MAILBOXID)"), "MAILBOXID \\(([^)]+)\\)");
            victim.command("v2 SELECT INBOX");
            emailId = group(victim.command("v3 FETCH 1 (EMAILID)"), "EMAILID \\(([^)]+)\\)");
        }

        String otherName = other.toString();
        String otherLocal = other.localPart();
        List<String> names = List.of("../" + otherLocal + "/INBOX", "../" + otherName + "/INBOX", "#user/" + otherLocal + "/INBOX",
                "#user/" + otherName + "/INBOX", otherName + "/INBOX", otherName + "/Private", "~" + otherLocal + "/INBOX",
                "#shared/" + otherName + "/INBOX", "../../" + otherName + "/Private", "INBOX/../../" + otherName + "/INBOX",
                "/" + otherName + "/INBOX", "..", mailboxId);
        List<String> transcript = new ArrayList<>();
        try (RawImap imap = login(user)) {
            for (String pattern : List.of("*", "%", "../*", "../%", "#user/*", "#user/%", "~*", "#shared/*", otherName + "/*",
                    "/*", "*/*", "%/%/%")) {
                transcript.add(imap.command("l LIST \"\" " + quoted(pattern)));
                transcript.add(imap.command("r LIST " + quoted(pattern) + " \"*\""));
            }
            for (String name : names) {
                String mailbox = quoted(name);
                transcript.add(imap.command("s STATUS " + mailbox + " (MESSAGES UIDNEXT UNSEEN SIZE MAILBOXID)"));
                String selected = imap.command("e EXAMINE " + mailbox);
                transcript.add(selected);
                if (selected.contains("e OK")) {
                    transcript.add(imap.command("f UID FETCH 1:* (BODY.PEEK[] EMAILID)"));
                }
                transcript.add(imap.command("p SELECT " + mailbox));
                transcript.add(imap.command("g GETQUOTAROOT " + mailbox));
                transcript.add(imap.command("u SUBSCRIBE " + mailbox));
                transcript.add(append(imap, mailbox));
                transcript.add(imap.command("c CREATE " + quoted(name + "/new")));
                transcript.add(imap.command("d DELETE " + mailbox));
            }
            // A mailbox of one's own under the other's name, renamed: its UIDs are its own messages only.
            transcript.add(imap.command("x0 SELECT INBOX"));
            transcript.add(imap.command("x1 CREATE Private"));
            transcript.add(imap.command("x2 COPY 1 Private"));
            transcript.add(imap.command("x3 RENAME Private " + quoted(otherName + "/Archive")));
            transcript.add(imap.command("x4 SELECT " + quoted(otherName + "/Archive")));
            String renamed = imap.command("x5 UID FETCH 1:* (UID BODY.PEEK[])");
            transcript.add(renamed);
            assertThat(renamed).as("the renamed mailbox holds the user's own copy").contains("my own body");
            transcript.add(imap.command("x6 RENAME " + quoted(otherName + "/Archive") + " " + quoted("../" + otherName + "/Archive")));
            transcript.add(imap.command("x7 SELECT " + quoted("../" + otherName + "/Archive")));
            transcript.add(imap.command("x8 UID FETCH 1:4294967295 (UID BODY.PEEK[])"));
            transcript.add(imap.command("x9 FETCH 1:* (BODY.PEEK[])"));
            transcript.add(imap.command("i SELECT INBOX"));
            transcript.add(imap.command("m SEARCH EMAILID " + emailId));
            transcript.add(imap.command("n UID SEARCH EMAILID " + emailId));
            for (String name : names) {
                transcript.add(imap.command("k COPY 1 " + quoted(name)));
                transcript.add(imap.command("v MOVE 1 " + quoted(name)));
            }
        }

        assertThat(String.join("\n", transcript)).as("what the user saw").doesNotContain(SECRET).doesNotContain("Hidden")
                .doesNotContain(mailboxId).doesNotContain(emailId);
        assertThat(contents(other)).as("the other account's mailboxes and message counts").isEqualTo(otherBefore);
        assertThat(backends.store().mailboxes().list(other.lookupKey())).extracting(m -> m.path().toString())
                .containsExactlyInAnyOrder("INBOX", "Trash", "Private");
    }

    /**
     * SASL PLAIN's authorization identity (RFC 4616) names the other account: refused, and the
     * connection stays unauthenticated. The same credentials acting as themselves log in, so the
     * refusal is of the identity, not of the mechanism.
     */
    @Test
    void anAuthorizationIdentityOfAnotherAccountIsRefused() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress other = accounts.create();
        MailAddress user = accounts.create();
        try (RawImap imap = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS))) {
            assertThat(imap.command("a AUTHENTICATE PLAIN " + plain(other, user))).contains("a NO");
            assertThat(imap.command("b AUTHENTICATE PLAIN " + plain(other.toString().toUpperCase(), user))).contains("b NO");
            assertThat(imap.command("c SELECT INBOX")).as("still not authenticated").contains("c BAD");
            assertThat(imap.command("d AUTHENTICATE PLAIN " + plain(user, user))).contains("d OK");
        }
    }

    private static String plain(Object authorizationIdentity, MailAddress user) {
        return Base64.getEncoder().encodeToString((authorizationIdentity + "\0" + user + "\0" + Accounts.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    private RawImap login(MailAddress account) throws Exception {
        RawImap imap = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS));
        assertThat(imap.command("a LOGIN " + quoted(account.toString()) + " " + quoted(Accounts.PASSWORD))).contains("a OK");
        return imap;
    }

    /** APPEND with a synchronising literal, sent only once the server asks for it. */
    private static String append(RawImap imap, String mailbox) throws Exception {
        String message = "Subject: planted\r\n\r\nplanted\r\n";
        imap.send("w APPEND " + mailbox + " {" + message.length() + "}");
        List<String> reply = imap.readUntil(line -> line.startsWith("+") || line.startsWith("w "));
        if (reply.get(reply.size() - 1).startsWith("+")) {
            imap.sendRaw(message + "\r\n");
            reply.addAll(imap.readUntil(line -> line.startsWith("w ")));
        }
        return String.join("\r\n", reply);
    }

    /** Each mailbox of the account with its message count. */
    private Map<String, Long> contents(MailAddress account) {
        Map<String, Long> contents = new TreeMap<>();
        for (Mailbox mailbox : backends.store().mailboxes().list(account.lookupKey())) {
            contents.put(mailbox.path().toString(), (long) backends.store().messages().list(mailbox.id()).size());
        }
        return contents;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String group(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex + " in " + text).isTrue();
        return matcher.group(1);
    }
}
