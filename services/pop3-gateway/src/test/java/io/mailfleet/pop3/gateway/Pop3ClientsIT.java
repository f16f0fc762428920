package io.mailfleet.pop3.gateway;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.pop3.gateway.server.Backends;
import io.mailfleet.pop3.gateway.server.Pop3Listeners;
import io.mailfleet.quarkus.config.TopicSettings;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Standard POP3 clients against the gateway, over STLS and implicit TLS, on the real servers. */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.pop3"))
class Pop3ClientsIT {

    /** poplib with STLS (RFC 2595); the test certificate is self-signed, so it is not verified. */
    private static final String POPLIB_SESSION = String.join("\n",
            "import poplib, ssl, sys",
            "host, port, user, password, action = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]",
            "p = poplib.POP3(host, port, timeout=30)",
            "print('CAPA', sorted(p.capa().keys()))",
            "p.stls(context=ssl._create_unverified_context())",
            "p.user(user); p.pass_(password)",
            "print('STAT', p.stat())",
            "if action == 'read':",
            "    print('UIDL', [u.decode() for u in p.uidl()[1]])",
            "    print('TOP', b'|'.join(p.top(1, 0)[1]).decode())",
            "    print('RETR2', b'|'.join(p.retr(2)[1]).decode())",
            "    p.dele(1)",
            "    p.quit()",
            "elif action == 'again':",
            "    for turn in ('first', 'again'):",
            "        print('RETR2', turn, b'|'.join(p.retr(2)[1]).decode())",
            "        print('TOP2', turn, b'|'.join(p.top(2, 1)[1]).decode())",
            "    p.quit()",
            "elif action == 'hold':",
            "    sys.stdout.flush(); sys.stdin.readline()",
            "elif action == 'drop':",
            "    p.dele(1); p.dele(2); p.sock.close()",
            "print('DONE')");

    @Inject
    Backends backends;
    @Inject
    TopicSettings topics;
    @Inject
    Pop3Listeners listeners;

    @TempDir
    Path dir;

    private Mailboxes mailboxes;
    private MailAddress user;
    private String first;
    private String second;

    @BeforeEach
    void setUp() throws Exception {
        mailboxes = new Mailboxes(backends);
        user = mailboxes.account();
        first = mailboxes.deliver(user, Mailboxes.message("First", "Hello,", "this is the first one."));
        second = mailboxes.deliver(user, Mailboxes.message("Second", ".a line that starts with a dot", "..and two", "."));
    }

    @Test
    void poplibOverStlsListsTopsRetrievesAndDeletesOnQuit() throws Exception {
        String output = poplib("read");

        assertThat(output).as("no login offered before TLS").contains("'STLS'").contains("'UIDL'").contains("'TOP'")
                .contains("'PIPELINING'").doesNotContain("'USER'").doesNotContain("'SASL'");
        assertThat(output).contains("STAT (2, " + (first.length() + second.length()) + ")");
        List<StoredMessage> stored = mailboxes.messages(user);
        String uidValidity = Long.toString(mailboxes.inbox(user).uidValidity().value());
        assertThat(output).contains("UIDL ['1 " + uidValidity + ".1', '2 " + uidValidity + ".2']");
        assertThat(output).contains("TOP From: sender@example.org|").contains("|Subject: First|").doesNotContain("this is the first one");
        assertThat(output).contains("RETR2 " + String.join("|", second.split("\r\n")));
        assertThat(stored).extracting(m -> m.uid().value()).containsExactly(2L);
        assertThat(MailboxEvents.read(backends.kafkaBootstrapServers(), topics.mailboxEvents(), user.lookupKey()))
                .as("IMAP gateways hear of it").anyMatch(json -> json.contains("\"type\":\"MessageExpunged\"")
                        && json.contains("\"uids\":[1]"));
    }

    /** The second reads come from the body cache, sent from the event loop: the same octets, stuffed and cut alike. */
    @Test
    void aMessageReadAgainFromMemoryIsSentAsFromTheStore() throws Exception {
        String output = poplib("again");

        String retrieved = String.join("|", second.split("\r\n"));
        String topped = String.join("|", second.substring(0, second.indexOf("\r\n\r\n")).split("\r\n")) + "||.a line that starts with a dot";
        for (String turn : List.of("first", "again")) {
            assertThat(output).contains("RETR2 " + turn + " " + retrieved + "\n").contains("TOP2 " + turn + " " + topped + "\n");
        }
        assertThat(output).contains("DONE");
    }

    @Test
    void curlRetrievesAMessageOverStls() throws Exception {
        Commands.Result listing = curl("/");
        Commands.Result message = curl("/2");

        assertThat(listing.exitCode()).as(listing.output()).isZero();
        assertThat(listing.output()).isEqualTo("1 " + first.length() + "\r\n2 " + second.length() + "\r\n");
        assertThat(message.exitCode()).as(message.output()).isZero();
        assertThat(message.output()).isEqualTo(second);
        assertThat(mailboxes.messages(user)).hasSize(2);
    }

    @Test
    void fetchmailKeepsThenFetchesAndDeletesOverImplicitTls() throws Exception {
        Commands.Result kept = fetchmail(true);
        assertThat(kept.exitCode()).as(kept.output()).isZero();
        assertThat(Files.readString(dir.resolve("kept.mbox"))).contains("Subject: First").contains("Subject: Second");
        assertThat(mailboxes.messages(user)).as("keep leaves the messages on the server").hasSize(2);

        Commands.Result fetched = fetchmail(false);
        assertThat(fetched.exitCode()).as(fetched.output()).isZero();
        assertThat(Files.readString(dir.resolve("fetched.mbox"))).contains("Subject: First").contains("Subject: Second");
        assertThat(mailboxes.messages(user)).as("without keep they are gone from the shared store").isEmpty();
        assertThat(backends.store().messages().expungedSince(mailboxes.inbox(user).id(), io.mailfleet.model.mailbox.ModSeq.MIN))
                .hasSize(2);
    }

    @Test
    void angusMailReadsMessagesAndTheirUniqueIdsOverImplicitTls() throws Exception {
        Properties properties = new Properties();
        properties.put("mail.pop3s.ssl.trust", "*");
        properties.put("mail.pop3s.ssl.checkserveridentity", "false");
        Store store = Session.getInstance(properties).getStore("pop3s");
        store.connect("127.0.0.1", listeners.port(Pop3Listeners.IMPLICIT_TLS), user.toString(), Mailboxes.PASSWORD);
        try {
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(2);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            inbox.getMessage(2).writeTo(raw);
            assertThat(raw.toString(StandardCharsets.UTF_8)).isEqualTo(second);
            assertThat(inbox.getMessage(1).getSubject()).isEqualTo("First");
            assertThat(inbox.getUID(inbox.getMessage(1))).isEqualTo(mailboxes.inbox(user).uidValidity().value() + ".1");
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void aSecondSessionForTheSameUserGetsInUse() throws Exception {
        Process holder = new ProcessBuilder("python3", "-c", POPLIB_SESSION, "127.0.0.1",
                Integer.toString(listeners.port(Pop3Listeners.PLAIN)), user.toString(), Mailboxes.PASSWORD, "hold")
                .redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("STAT"));
            assertThat(line).as("the first session holds the maildrop").startsWith("STAT (2,");

            Commands.Result second = Commands.run(List.of("python3", "-c", POPLIB_SESSION, "127.0.0.1",
                    Integer.toString(listeners.port(Pop3Listeners.PLAIN)), user.toString(), Mailboxes.PASSWORD, "read"), Map.of(), dir);

            assertThat(second.exitCode()).isNotZero();
            assertThat(second.output()).contains("-ERR [IN-USE]");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        assertThat(poplib("read")).as("the lock is free once the first session ended").contains("DONE");
    }

    @Test
    void aConnectionDroppedInTransactionDeletesNothing() throws Exception {
        assertThat(poplib("drop")).contains("DONE");

        assertThat(mailboxes.messages(user)).hasSize(2);
        assertThat(poplib("read")).as("the dropped session's lock was given back").contains("STAT (2,");
    }

    private String poplib(String action) throws Exception {
        return Commands.python(dir, POPLIB_SESSION, "127.0.0.1", Integer.toString(listeners.port(Pop3Listeners.PLAIN)),
                user.toString(), Mailboxes.PASSWORD, action);
    }

    private Commands.Result curl(String path) throws Exception {
        return Commands.run(List.of("curl", "-sS", "--ssl-reqd", "--insecure", "--max-time", "60",
                "--user", user + ":" + Mailboxes.PASSWORD,
                "pop3://127.0.0.1:" + listeners.port(Pop3Listeners.PLAIN) + path), Map.of(), dir);
    }

    /** fetchmail with a run-control file (it insists on 0600), its state in the test folder, delivering to an mbox. */
    private Commands.Result fetchmail(boolean keep) throws Exception {
        String mbox = dir.resolve(keep ? "kept.mbox" : "fetched.mbox").toString();
        Path rc = dir.resolve(keep ? "keep.rc" : "fetch.rc");
        Files.writeString(rc, "set no syslog\n"
                + "poll 127.0.0.1 with protocol POP3 and port " + listeners.port(Pop3Listeners.IMPLICIT_TLS) + "\n"
                + "  user \"" + user + "\" there with password \"" + Mailboxes.PASSWORD + "\" is \"tester\" here\n"
                + "  ssl\n  no sslcertck\n"
                + (keep ? "  keep fetchall\n" : "  nokeep fetchall\n")
                + "  mda \"/bin/sh -c 'cat >> " + mbox + "'\"\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        return Commands.run(List.of("fetchmail", "--nodetach", "--nosyslog", "-f", rc.toString(), "--pidfile",
                dir.resolve("fetchmail.pid").toString()), Map.of("FETCHMAILHOME", dir.toString(), "HOME", dir.toString()), dir);
    }
}
