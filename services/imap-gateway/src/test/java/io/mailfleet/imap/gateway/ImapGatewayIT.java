package io.mailfleet.imap.gateway;

import io.mailfleet.events.directory.DirectoryChangeReader;
import io.mailfleet.imap.gateway.config.ImapGatewaySettings;
import io.mailfleet.imap.gateway.server.Backends;
import io.mailfleet.imap.gateway.server.ImapListeners;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.quarkus.config.TopicSettings;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Python's imaplib against the gateway on the real Kafka, Cassandra and S3: every command the gateway
 * carries out, IDLE over a raw TLS socket woken by a second session's APPEND and STORE, literal and
 * partial fetches of a large body. Outages are {@link ImapOutagesIT}'s, on servers of its own.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.imap"))
class ImapGatewayIT {

    @Inject
    Backends backends;
    @Inject
    ImapListeners listeners;
    @Inject
    ImapGatewaySettings gatewaySettings;
    @Inject
    KafkaSettings kafka;
    @Inject
    TopicSettings topics;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @TempDir
    Path dir;

    @Test
    void imaplibGetsTheFirstUnseenOnlyBeforeImap4rev2ThreadsPreviewsAndFetchesDecodedParts() throws Exception {
        MailAddress user = new Accounts(backends).create();

        String output = python("extensions_session.py", "127.0.0.1",
                Integer.toString(listeners.port(ImapListeners.IMPLICIT_TLS)), user.toString(), Accounts.PASSWORD);

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(line(output, "CAPABILITY")).contains(" THREAD=REFERENCES THREAD=ORDEREDSUBJECT ", " BINARY ",
                " COMPRESS=DEFLATE", " APPENDLIMIT=" + gatewaySettings.maxMessageSize() + " ");
        softly.assertThat(line(output, "STATUS-APPENDLIMIT")).contains("(APPENDLIMIT " + gatewaySettings.maxMessageSize() + ")");
        // 2 and 4 reply to 1; 7 forwards 3 without reply headers; 5 and 6 reply to a message not there.
        softly.assertThat(line(output, "SELECT-ALL-UNSEEN")).contains("('UNSEEN', [b'1'])");
        softly.assertThat(line(output, "SELECT-UNSEEN")).contains("('UNSEEN', [b'3'])");
        softly.assertThat(line(output, "EXAMINE-UNSEEN")).contains("('UNSEEN', [b'3'])");
        softly.assertThat(line(output, "SELECT-ALL-SEEN")).contains("('UNSEEN', [None])");
        softly.assertThat(line(output, "ENABLE-IMAP4REV2")).contains("'OK'");
        softly.assertThat(line(output, "SELECT-IMAP4REV2")).contains("('UNSEEN', [None])");
        softly.assertThat(line(output, "EXAMINE-IMAP4REV2")).contains("('UNSEEN', [None])");
        softly.assertThat(line(output, "ENABLE-UTF8")).contains("'OK'");
        // RFC 9051 §6.4.4: no SEARCH response once IMAP4rev2 is on, an ESEARCH one instead.
        softly.assertThat(line(output, "SEARCH-IMAP4REV2")).contains("('OK', [None])", "('ESEARCH', [b'(TAG ", ") ALL 1:7'])");
        // RFC 9051 §6.3.4 and §6.3.6: the name as kept (NFC, INBOX upper case), the name as sent in OLDNAME.
        softly.assertThat(line(output, "CREATE-NFD")).contains("'OK'", "\"Caf\\xc3\\xa9\" (\"OLDNAME\" (\"Cafe\\xcc\\x81\"))");
        softly.assertThat(line(output, "CREATE-NFC")).contains("'OK'", "('LIST', [None])");
        softly.assertThat(line(output, "RENAME-NFD")).contains("'OK'",
                "\"Caf\\xc3\\xa9s\" (\"OLDNAME\" (\"Cafe\\xcc\\x81s\"))");
        softly.assertThat(line(output, "SELECT-LIST")).contains("('LIST', [b'() \"/\" Threads'])");
        softly.assertThat(line(output, "SELECT-NFD")).contains("\"Caf\\xc3\\xa9s\" (\"OLDNAME\" (\"Cafe\\xcc\\x81s\"))");
        softly.assertThat(line(output, "RENAME-INBOX-CASE")).contains("'OK'", "INBOX/Tea (\"OLDNAME\" (inbox/Tea))");
        // RFC 5258 §3.5: CREATE subscribes the mailbox it makes, not the parent it adds; Food is listed only for the
        // subscription below it, which % does not reach.
        softly.assertThat(line(output, "LIST-RECURSIVEMATCH")).contains("\"/\" Food (\"CHILDINFO\" (\"SUBSCRIBED\"))")
                .contains("\"/\" Threads").doesNotContain("Food/Fruit");
        softly.assertThat(line(output, "LIST-SUBSCRIBED")).doesNotContain("Food");
        softly.assertThat(line(output, "THREAD-REFERENCES")).contains("[b'(1 2 4)(3 7)((5)(6))']");
        softly.assertThat(line(output, "THREAD-ORDEREDSUBJECT")).contains("[b'(1 (2)(4))(3 7)(5 6)']");
        softly.assertThat(line(output, "UID-THREAD-SUBJECT")).contains("[b'((5)(6))']");
        softly.assertThat(line(output, "THREAD-CHARSET")).contains("BADCHARSET");
        softly.assertThat(line(output, "PREVIEW")).contains("(PREVIEW \"body of a\")");
        softly.assertThat(line(output, "PREVIEW-LAZY")).contains("(PREVIEW \"body of c\")");
        softly.assertThat(line(output, "SAVEDATE")).contains("INTERNALDATE \" 1-Jan-2020 00:00:00 +0000\"")
                .containsPattern("SAVEDATE \"[ 0-9][0-9]-[A-Z][a-z]{2}-20[2-9][0-9] ");
        softly.assertThat(line(output, "SEARCH-SAVEDSINCE")).contains("[b'1 2 3 4 5 6 7']");
        softly.assertThat(line(output, "SEARCH-SAVEDBEFORE")).contains("[b'']");
        softly.assertThat(line(output, "SEARCH-BEFORE")).contains("[b'1 2 3 4 5 6 7']");
        softly.assertThat(line(output, "SEARCH-SAVEDATESUPPORTED")).contains("[b'1 2 3 4 5 6 7']");
        softly.assertThat(line(output, "BINARY-SIZE")).contains("BINARY.SIZE[1] 10 BINARY.SIZE[2] 10");
        softly.assertThat(line(output, "BINARY-BASE64")).contains("BINARY[1] ~{10}",
                "b'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t'");
        softly.assertThat(line(output, "BINARY-QP-PARTIAL")).contains("BINARY[2]<0> ~{4}", "b'caf\\xc3'");
        softly.assertThat(line(output, "BINARY-UNSEEN")).doesNotContain("Seen");
        softly.assertThat(line(output, "BINARY-QP")).contains("b'caf\\xc3\\xa9 = ok'", "\\\\Seen");
        softly.assertThat(line(output, "BINARY-UNKNOWN-CTE")).contains("'NO'", "UNKNOWN-CTE");
        softly.assertThat(line(output, "BINARY-UUENCODE")).contains("'NO'", "UNKNOWN-CTE");
        softly.assertThat(line(output, "BINARY-SIZE-X-UNKNOWN")).contains("'NO'", "UNKNOWN-CTE");
        // RFC 2045 §6.1: a mechanism is one token; "base64; charset=..." is none the server knows.
        softly.assertThat(line(output, "BINARY-CTE-PARAMETERS")).contains("'NO'", "UNKNOWN-CTE");
        softly.assertThat(line(output, "BINARY-CTE-ODD-CASE")).contains("BINARY.SIZE[7] 8", "BINARY[7] ~{8}", "b'odd case'");
        softly.assertThat(line(output, "BINARY-MESSAGE")).contains("BINARY.SIZE[8] 28", "BINARY[8] ~{28}",
                "b'Subject: inner\\r\\n\\r\\ninner body'");
        softly.assertThat(line(output, "BINARY-MULTIPART")).contains("BINARY[9] ~{65}",
                "b'--c\\r\\nContent-Transfer-Encoding: base64\\r\\n\\r\\naW5uZXIgcGFydA==\\r\\n--c--'");
        softly.assertThat(line(output, "BINARY-NESTED")).contains("BINARY[9.1] ~{10}", "b'inner part'");
        softly.assertThat(line(output, "BINARY-MISSING")).contains("BINARY.SIZE[12] 0", "BINARY[12] ~{0}");
        softly.assertThat(line(output, "APPEND-LARGE")).contains("('OK', [b'[APPENDUID ");
        softly.assertThat(line(output, "BINARY-LARGE")).contains("BINARY.SIZE[1] 1572869", "BINARY[1] ~{1572869}", "True)");
        softly.assertThat(line(output, "BINARY-LARGE-PARTIAL")).contains("BINARY[1]<1572000> ~{100}", "True)");
        softly.assertThat(line(output, "COMPRESS-OTHER")).contains("'NO'");
        softly.assertThat(line(output, "COMPRESS")).contains("('OK', [b'DEFLATE active'])");
        softly.assertThat(line(output, "COMPRESSED-FETCH")).contains("7 (UID 7 ENVELOPE", "Fwd: other");
        softly.assertThat(line(output, "COMPRESSED-BINARY")).contains("BINARY[1] ~{11}", "b'body of a\\r\\n'");
        softly.assertThat(line(output, "COMPRESS-AGAIN")).contains("COMPRESSIONACTIVE");
        softly.assertThat(output).contains("DONE");
        softly.assertAll();
    }

    @Test
    void imaplibRunsEveryCommandAndIdleIsWokenByAnotherSession() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        accounts.deliver(user, Accounts.message("First", "the first body"));
        accounts.deliver(user, Accounts.multipart("parts"));
        String large = accounts.deliver(user, Accounts.message("Large", "0123456789abcdef".repeat(20_000)));

        String output = python("imap_session.py", "127.0.0.1", Integer.toString(listeners.port(ImapListeners.PLAIN)),
                Integer.toString(listeners.port(ImapListeners.IMPLICIT_TLS)), user.toString(), Accounts.PASSWORD);

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(line(output, "CAPABILITY-PLAIN")).contains("'LOGINDISABLED'", "'STARTTLS'").doesNotContain("AUTH=PLAIN");
        softly.assertThat(line(output, "LOGIN-PLAIN")).contains("ERROR");
        softly.assertThat(line(output, "CAPABILITY-TLS")).contains("'AUTH=PLAIN'", "'AUTH=LOGIN'", "'SASL-IR'")
                .doesNotContain("LOGINDISABLED");
        softly.assertThat(line(output, "LOGIN-WRONG")).contains("AUTHENTICATIONFAILED");
        softly.assertThat(line(output, "LOGIN")).contains("('OK'");
        softly.assertThat(line(output, "CAPABILITY-AUTH")).contains("IDLE", "MOVE", "UIDPLUS", "SPECIAL-USE", "QUOTA");
        softly.assertThat(line(output, "ID")).contains("mailfleet");
        softly.assertThat(line(output, "NAMESPACE")).contains("((\"\" \"/\")) NIL NIL");
        softly.assertThat(line(output, "ENABLE")).contains("CONDSTORE");
        softly.assertThat(line(output, "CREATE")).contains("('OK'").contains("MAILBOXID");
        softly.assertThat(line(output, "CREATE-EXISTS")).contains("ALREADYEXISTS");
        softly.assertThat(line(output, "CREATE-USE")).contains("'OK'");
        softly.assertThat(line(output, "LSUB")).contains("Work/Projects");
        softly.assertThat(line(output, "RENAME")).contains("('OK'");
        softly.assertThat(line(output, "LIST")).contains("\"/\" Work/Done", "\\\\HasChildren", "\\\\Trash", "\"/\" INBOX");
        softly.assertThat(line(output, "LIST-PERCENT")).contains("INBOX", "Work").doesNotContain("Work/Done");
        softly.assertThat(line(output, "LIST-EXTENDED")).contains("\\\\Sent", "\\\\Trash", "MESSAGES 0").doesNotContain("INBOX");
        softly.assertThat(line(output, "STATUS")).contains("MESSAGES 3", "UNSEEN 3", "UIDNEXT 4", "DELETED 0", "SIZE ");
        softly.assertThat(line(output, "STATUS-MISSING")).contains("NONEXISTENT");
        softly.assertThat(line(output, "GETQUOTAROOT")).contains("INBOX \"\"", "STORAGE", "10240");
        softly.assertThat(line(output, "GETQUOTA")).contains("STORAGE");
        softly.assertThat(line(output, "SELECT")).contains("'3'").contains("READ-WRITE");
        softly.assertThat(line(output, "FETCH-META")).contains("UID 1", "UID 3", "RFC822.SIZE " + large.length(),
                "ENVELOPE (\"Mon, 23 Nov 2026 10:00:00 +0000\" \"First\"");
        softly.assertThat(line(output, "FETCH-STRUCTURE")).containsIgnoringCase("BODYSTRUCTURE ((\"text\" \"plain\"").containsIgnoringCase("\"mixed\"");
        softly.assertThat(line(output, "FETCH-SECTIONS")).contains("BODY[1] {14}", "the first part", "BODY[2.MIME]",
                "Content-Type: text/x-note", "BODY[HEADER.FIELDS (SUBJECT)] {18}", "Subject: parts", "BODY[]<0> {20}",
                "From: Sender <sende");
        softly.assertThat(line(output, "FETCH-RFC822")).contains("RFC822.HEADER", "Subject: First").doesNotContain("the first body");
        softly.assertThat(line(output, "FETCH-LARGE")).contains("[" + large.length() + "]");
        softly.assertThat(line(output, "FETCH-PARTIAL")).contains("BODY[TEXT]<100000> {16}", "0123456789abcdef");
        softly.assertThat(line(output, "SEARCH-UNSEEN")).contains("[b'1 2 3']");
        softly.assertThat(line(output, "FETCH-SEEN")).contains("the first body", "\\\\Seen");
        softly.assertThat(line(output, "SEARCH-SEEN")).contains("[b'1']");
        softly.assertThat(line(output, "STORE")).contains("\\\\Flagged", "$Work");
        softly.assertThat(line(output, "STORE-SILENT")).contains("('OK', [None])");
        softly.assertThat(line(output, "SEARCH-FLAGGED")).contains("[b'1']");
        softly.assertThat(line(output, "SEARCH-SUBJECT")).contains("[b'2']");
        softly.assertThat(line(output, "SEARCH-BODY")).contains("[b'2']");
        softly.assertThat(line(output, "SEARCH-OR")).contains("[b'2 3']");
        softly.assertThat(line(output, "UID-SEARCH-ESEARCH")).contains("UID MIN 1 MAX 3 COUNT 3");
        softly.assertThat(line(output, "COPY")).contains("COPYUID");
        softly.assertThat(line(output, "MOVE")).contains("COPYUID", "EXPUNGE");
        softly.assertThat(line(output, "APPEND")).contains("APPENDUID");
        softly.assertThat(line(output, "NOOP-SELECTED")).contains("EXISTS");
        softly.assertThat(line(output, "EXPUNGE")).contains("('OK', [b'1'])");
        softly.assertThat(line(output, "UID-EXPUNGE")).contains("'OK'");
        softly.assertThat(line(output, "CHECK")).contains("'OK'");
        softly.assertThat(line(output, "UNSELECT")).contains("'OK'");
        softly.assertThat(line(output, "EXAMINE")).contains("('OK', [b'1'])");
        softly.assertThat(line(output, "STORE-READONLY")).contains("'NO'", "READ-ONLY");
        softly.assertThat(line(output, "CLOSE")).contains("'OK'");
        softly.assertThat(line(output, "DELETE")).contains("'OK'");
        softly.assertThat(line(output, "DELETE-INBOX")).contains("'NO'", "CANNOT");
        softly.assertThat(line(output, "IDLE-START")).startsWith("IDLE-START +");
        softly.assertThat(line(output, "IDLE-PUSH")).contains("* 3 EXISTS");
        softly.assertThat(line(output, "IDLE-FLAGS")).contains("* 1 FETCH (FLAGS (\\Flagged");
        softly.assertThat(line(output, "IDLE-DONE")).contains("i3 OK");
        softly.assertThat(line(output, "LOGOUT")).contains("i4 OK");

        softly.assertAll();

        String scraped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scraped).contains("mailfleet_imap_commands_total{command=\"FETCH\"", "mailfleet_imap_logins_total",
                "mailfleet_imap_command_duration_seconds_bucket", "mailfleet_imap_connections_active{listener=\"imaps\"",
                "mailfleet_server_bytes_total");
        // The IDLE session was woken by the other session's APPEND and STORE, and timed each resync.
        assertThat(scraped).containsPattern("mailfleet_imap_idle_resync_seconds_count(\\{[^}]*})? [1-9]");
    }

    @Test
    void imaplibSortsRowsWithAndWithoutKeptSortKeysTogetherAndCopiesKeepThem() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        // Arrival is the order below; messages 2 and 4 are rows written before rows kept sort keys.
        accounts.deliver(user, sortable("b", "Zed <zed@example.org>", "Mon, 23 Nov 2026 03:00:00 +0000"));
        accounts.deliverWithoutSortKeys(user, sortable("Re: a", "amy@example.org", "Mon, 23 Nov 2026 01:00:00 +0000"));
        accounts.deliver(user, sortable("c", "\"Bob\" <bob@example.org>", "not a date"));
        accounts.deliverWithoutSortKeys(user, sortable("A", "Carl <amy@example.net>", "Mon, 23 Nov 2026 04:00:00 +0200"));

        String output = python("sort_session.py", "127.0.0.1", Integer.toString(listeners.port(ImapListeners.IMPLICIT_TLS)),
                user.toString(), Accounts.PASSWORD);

        SoftAssertions softly = new SoftAssertions();
        // 3's Date is unreadable: its arrival, after the others' dates, stands in (RFC 5256 §2.2).
        softly.assertThat(line(output, "SORT-DATE")).contains("[b'2 4 1 3']");
        softly.assertThat(line(output, "SORT-REVERSE-ARRIVAL")).contains("[b'4 3 2 1']");
        // Equal base subjects ("a") keep their message number order (RFC 5256 §3).
        softly.assertThat(line(output, "SORT-SUBJECT")).contains("[b'2 4 1 3']");
        softly.assertThat(line(output, "SORT-FROM-REVERSE-DATE")).contains("[b'4 2 3 1']");
        softly.assertThat(line(output, "SORT-DISPLAYFROM")).contains("[b'2 3 4 1']");
        softly.assertThat(line(output, "SORT-DATE-UNSEEN")).contains("[b'2 4 1 3']");
        softly.assertThat(line(output, "APPEND")).contains("APPENDUID");
        softly.assertThat(line(output, "SORT-DATE-APPENDED")).contains("[b'5 2 4 1 3']");
        softly.assertThat(line(output, "SORT-SUBJECT-APPENDED")).contains("[b'2 4 1 3 5']");
        softly.assertThat(line(output, "COPY")).contains("COPYUID");
        softly.assertThat(line(output, "SORT-DATE-COPIES")).contains("[b'5 2 4 1 3']");
        softly.assertThat(line(output, "SORT-SUBJECT-COPIES")).contains("[b'2 4 1 3 5']");
        softly.assertAll();
    }

    /**
     * THREAD over rows with the threading facts delivery and APPEND keep, rows with sort keys alone and rows with
     * neither (written before rows kept them), threaded together; copies keep the facts and their absence.
     */
    @Test
    void imaplibThreadsRowsWithAndWithoutKeptThreadingFactsTogetherAndCopiesKeepThem() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        accounts.deliver(user, threadable(0, "lunch", "a", "", ""));
        accounts.deliverWithoutSortKeys(user, threadable(5, "Re: lunch", "b", "<a@example.org>", "<a@example.org>"));
        accounts.deliverWithoutThreadFacts(user, threadable(10, "other", "c", "", ""));
        // The first reference quotes its local part: RFC 5256 §3 makes it the same Message ID as <a@example.org>.
        accounts.deliver(user, threadable(15, "Re: lunch", "d", "<b@example.org>", "<\"a\"@example.org> <b@example.org>"));
        accounts.deliverWithoutThreadFacts(user, threadable(20, "Re: lunch", "e", "<d@example.org> (the reply)", ""));
        accounts.deliver(user, threadable(25, "Fwd: other", "f", "", ""));
        accounts.deliver(user, threadable(30, "Re: gone", "g", "", "<missing@example.org>"));
        accounts.deliverWithoutSortKeys(user, threadable(35, "Re: gone", "h", "", "<missing@example.org>"));

        String output = python("thread_session.py", "127.0.0.1", Integer.toString(listeners.port(ImapListeners.IMPLICIT_TLS)),
                user.toString(), Accounts.PASSWORD);

        SoftAssertions softly = new SoftAssertions();
        // a, b, d, e is one chain (e by In-Reply-To alone); f forwards c without reply headers; g and h reply to a
        // message not there.
        softly.assertThat(line(output, "THREAD-REFERENCES")).contains("[b'(1 2 4 5)(3 6)((7)(8))']");
        softly.assertThat(line(output, "THREAD-ORDEREDSUBJECT")).contains("[b'(1 (2)(4)(5))(3 6)(7 8)']");
        softly.assertThat(line(output, "UID-THREAD-SUBJECT")).contains("[b'((7)(8))']");
        softly.assertThat(line(output, "APPEND")).contains("APPENDUID");
        softly.assertThat(line(output, "THREAD-APPENDED")).contains("[b'(1 2 4 5)(3 (6)(9))((7)(8))']");
        softly.assertThat(line(output, "COPY")).contains("COPYUID");
        softly.assertThat(line(output, "UID-THREAD-COPIES")).contains("[b'(1 2 4 5)(3 (6)(9))((7)(8))']");
        softly.assertAll();
        MailboxId inbox = backends.store().mailboxes().find(user.lookupKey(), MailboxPath.INBOX).orElseThrow().id();
        assertThat(backends.store().messages().threadFacts(inbox, Uid.MIN, Uid.MAX))
                .extracting(row -> row.fields() == null ? "no sort keys" : row.fields().thread() == null ? "no facts"
                        : row.fields().thread().messageId() + " " + row.fields().thread().parents())
                .as("the facts each row keeps, the APPENDed one's written by APPEND")
                .containsExactly("a@example.org []", "no sort keys", "no facts", "d@example.org [a@example.org, b@example.org]",
                        "no facts", "f@example.org []", "g@example.org [missing@example.org]", "no sort keys",
                        "i@example.org [c@example.org]");
    }

    private static String threadable(int minute, String subject, String id, String inReplyTo, String references) {
        return "From: Amy <amy@example.org>\nTo: user@example.test\nSubject: " + subject + "\nMessage-ID: <" + id
                + "@example.org>\n" + (inReplyTo.isEmpty() ? "" : "In-Reply-To: " + inReplyTo + "\n")
                + (references.isEmpty() ? "" : "References: " + references + "\n")
                + "Date: Mon, 23 Nov 2026 10:" + String.format("%02d", minute) + ":00 +0000\n\nbody of " + id + "\n";
    }

    /**
     * SORT by DATE and ARRIVAL from the sort date block delivery keeps the messages' dates in: the first SORT answers
     * from it, and the next ones, after another session expunged messages the block still names and another message
     * arrived, exactly as from the rows.
     */
    @Test
    void sortByDateAndArrivalStaysExactFromTheSortDateBlocksAfterExpungesAndArrivals() throws Exception {
        int count = 70;
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        // Message n is dated minute (n * 29) % 70: distinct minutes, out of arrival order; the one arriving later, minute 70.
        for (int n = 1; n <= count; n++) {
            accounts.deliver(user, dated(n, (n * 29) % count));
        }
        List<Integer> byDate = IntStream.rangeClosed(1, count).boxed()
                .sorted(java.util.Comparator.comparingInt(n -> (n * 29) % count)).toList();

        try (RawImap mine = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS));
             RawImap other = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS))) {
            for (RawImap session : List.of(mine, other)) {
                assertThat(session.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
                assertThat(session.command("b SELECT INBOX")).contains("* " + count + " EXISTS", "b OK");
            }
            assertThat(mine.command("c UID SORT (DATE) UTF-8 ALL")).isEqualTo("* SORT " + joined(byDate) + "\r\nc OK UID SORT completed");
            MailboxId inbox = backends.store().mailboxes().find(user.lookupKey(), MailboxPath.INBOX).orElseThrow().id();
            assertThat(backends.store().session().execute("SELECT seq FROM mailbox_data WHERE mailbox_id = ? AND kind = 6",
                    inbox.value()).all()).hasSize(1);

            assertThat(other.command("d UID STORE 1:10 +FLAGS.SILENT (\\Deleted)")).contains("d OK");
            assertThat(other.command("e EXPUNGE")).contains("e OK");
            accounts.deliver(user, dated(count + 1, count));
            assertThat(mine.command("f NOOP")).contains("* 1 EXPUNGE", "* 61 EXISTS", "f OK");
            List<Integer> left = new ArrayList<>(byDate.stream().filter(n -> n > 10).toList());
            left.add(count + 1);
            assertThat(mine.command("g UID SORT (DATE) UTF-8 ALL")).isEqualTo("* SORT " + joined(left) + "\r\ng OK UID SORT completed");
            List<Integer> lastArrivedFirst = IntStream.iterate(61, msn -> msn >= 1, msn -> msn - 1).boxed().toList();
            assertThat(mine.command("h SORT (REVERSE ARRIVAL) UTF-8 ALL"))
                    .isEqualTo("* SORT " + joined(lastArrivedFirst) + "\r\nh OK SORT completed");
        }
    }

    /** A message of its own subject dated a minute of a day. */
    private static String dated(int id, int minute) {
        return "From: a@example.org\nTo: user@example.test\nSubject: message " + id + "\nDate: Tue, 24 Nov 2026 "
                + String.format("%02d:%02d", 8 + minute / 60, minute % 60) + ":00 +0000\n\nbody of " + id + "\n";
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static String joined(List<Integer> numbers) {
        return String.join(" ", numbers.stream().map(String::valueOf).toList());
    }

    /**
     * RENAME INBOX moves the INBOX's id with its messages and makes a new INBOX, which delivery must learn of: it is
     * announced on the directory events as a change of the account, under the key delivery remembers it by. A
     * RENAME of another mailbox is not: the announcement heard for the account is the INBOX's alone.
     */
    @Test
    void renamingInboxAnnouncesTheAccountsChangeToDelivery() throws Exception {
        MailAddress user = new Accounts(backends).create();
        List<DirectoryChanged> heard = new CopyOnWriteArrayList<>();
        try (DirectoryChangeReader reader = DirectoryChangeReader.start(kafka.bootstrapServers(),
                topics.directoryEvents(), Map.of(), heard::add);
             RawImap imap = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS))) {
            assertThat(await(reader::reading)).isTrue();
            assertThat(imap.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
            assertThat(imap.command("b RENAME Trash Bin")).endsWith("b OK RENAME completed");
            assertThat(imap.command("c RENAME INBOX \"Old mail\"")).endsWith("c OK RENAME completed");
            assertThat(imap.command("d STATUS INBOX (MESSAGES)")).contains("* STATUS INBOX (MESSAGES 0)");

            DirectoryChanged change = DirectoryChanged.changed(DirectoryChanged.Kind.ACCOUNT, user.lookupKey());
            assertThat(await(() -> heard.contains(change))).as("the INBOX's rename heard").isTrue();
            // Both renames' announcements, had there been two, would share the account's key and its partition, in order.
            assertThat(heard).filteredOn(heardChange -> heardChange.name().equals(user.lookupKey())).containsExactly(change);
        }
    }

    /**
     * SEARCH over more messages than one page of rows, several read at once: every match, in order, once, across
     * the spans, also where expunges left holes in them.
     */
    @Test
    void searchOverManySpansAnswersEveryMatchInOrder() throws Exception {
        int count = 2_300;
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        accounts.fill(user, IntStream.range(0, count).mapToObj(i -> i % 7 == 0 ? Flags.of(Flag.FLAGGED) : Flags.EMPTY).toList());

        try (RawImap imap = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS))) {
            assertThat(imap.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
            assertThat(imap.command("b SELECT INBOX")).contains("* " + count + " EXISTS", "b OK");
            List<Integer> flagged = IntStream.rangeClosed(1, count).filter(uid -> (uid - 1) % 7 == 0).boxed().toList();
            assertThat(imap.command("c UID SEARCH FLAGGED")).isEqualTo("* SEARCH " + joined(flagged) + "\r\nc OK UID SEARCH completed");

            assertThat(imap.command("d UID STORE 400:1600 +FLAGS.SILENT (\\Deleted)")).contains("d OK");
            assertThat(imap.command("e EXPUNGE")).contains("e OK");
            List<Integer> kept = flagged.stream().filter(uid -> uid < 400 || uid > 1600).toList();
            assertThat(imap.command("f UID SEARCH FLAGGED")).isEqualTo("* SEARCH " + joined(kept) + "\r\nf OK UID SEARCH completed");
            assertThat(imap.command("g SEARCH FLAGGED")).isEqualTo("* SEARCH " + joined(IntStream.range(0, kept.size())
                    .map(i -> kept.get(i) < 400 ? kept.get(i) : kept.get(i) - 1201).boxed().toList()) + "\r\ng OK SEARCH completed");
        }
    }

    /**
     * A FETCH of flags alone over more messages than one read of the flag blocks takes (5,000 UIDs) answers
     * every message, in order, each with its own flags: the answer's writes, gathered into large ones,
     * are the responses one by one.
     */
    @Test
    void fetchOfFlagsOverSeveralPagesAnswersEveryMessageInOrder() throws Exception {
        int count = 12_000;
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        List<Flags> flags = IntStream.range(0, count).mapToObj(i -> i % 3 == 0 ? Flags.of(Flag.SEEN)
                : i % 3 == 1 ? Flags.of(Flag.FLAGGED) : Flags.EMPTY).toList();
        accounts.fill(user, flags);

        try (RawImap imap = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS))) {
            assertThat(imap.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
            assertThat(imap.command("b SELECT INBOX")).contains("* " + count + " EXISTS", "b OK");
            imap.send("c UID FETCH 1:* (FLAGS)");
            List<String> byUid = imap.readUntil(line -> line.startsWith("c "), Duration.ofSeconds(120));
            imap.send("d FETCH 1:* (FLAGS)");
            List<String> byNumber = imap.readUntil(line -> line.startsWith("d "), Duration.ofSeconds(120));

            List<String> expectedByUid = new ArrayList<>();
            List<String> expectedByNumber = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String flagged = i % 3 == 0 ? "\\Seen" : i % 3 == 1 ? "\\Flagged" : "";
                expectedByUid.add("* " + (i + 1) + " FETCH (UID " + (i + 1) + " FLAGS (" + flagged + "))");
                expectedByNumber.add("* " + (i + 1) + " FETCH (FLAGS (" + flagged + "))");
            }
            expectedByUid.add("c OK UID FETCH completed");
            expectedByNumber.add("d OK FETCH completed");
            assertThat(byUid).isEqualTo(expectedByUid);
            assertThat(byNumber).isEqualTo(expectedByNumber);
        }
    }

    /**
     * A STORE or EXPUNGE that was the mailbox's only change since the session last looked reports its own
     * changes; one made after another session's changes reports those too, and nothing twice. Two sessions
     * of one INBOX take turns, so each of them answers both ways.
     */
    @Test
    void storeAndExpungeReportTheirOwnChangesAndThoseAnotherSessionMadeBefore() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        accounts.fill(user, List.of(Flags.EMPTY, Flags.EMPTY, Flags.EMPTY, Flags.EMPTY, Flags.EMPTY));
        try (RawImap mine = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS));
             RawImap other = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS))) {
            for (RawImap session : List.of(mine, other)) {
                assertThat(session.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
                assertThat(session.command("b SELECT INBOX")).contains("* 5 EXISTS", "b OK");
            }

            assertThat(mine.command("c STORE 1 +FLAGS (\\Flagged)")).isEqualTo("* 1 FETCH (FLAGS (\\Flagged))\r\nc OK STORE completed");
            assertThat(other.command("d STORE 2 +FLAGS (\\Seen)")).isEqualTo(
                    "* 1 FETCH (FLAGS (\\Flagged))\r\n* 2 FETCH (FLAGS (\\Seen))\r\nd OK STORE completed");
            assertThat(other.command("e STORE 3 +FLAGS.SILENT (\\Deleted)")).isEqualTo("e OK STORE completed");
            assertThat(other.command("f EXPUNGE")).isEqualTo("* 3 EXPUNGE\r\nf OK EXPUNGE completed");

            // The other session's expunge waits for a command that may renumber (RFC 9051 §7.5.1), and the
            // flags of the message it removed are not reported.
            assertThat(mine.command("g STORE 4 +FLAGS (\\Flagged)")).isEqualTo(
                    "* 2 FETCH (FLAGS (\\Seen))\r\n* 4 FETCH (FLAGS (\\Flagged))\r\ng OK STORE completed");
            assertThat(mine.command("h STORE 1 +FLAGS.SILENT (\\Deleted)")).isEqualTo("h OK STORE completed");
            assertThat(mine.command("i EXPUNGE")).isEqualTo("* 1 EXPUNGE\r\n* 2 EXPUNGE\r\ni OK EXPUNGE completed");
            assertThat(mine.command("j FETCH 1:* (FLAGS)")).isEqualTo("* 1 FETCH (FLAGS (\\Seen))\r\n"
                    + "* 2 FETCH (FLAGS (\\Flagged))\r\n* 3 FETCH (FLAGS ())\r\nj OK FETCH completed");

            assertThat(other.command("k NOOP")).isEqualTo("* 1 EXPUNGE\r\n* 2 FETCH (FLAGS (\\Flagged))\r\nk OK NOOP completed");
        }
    }

    private static String sortable(String subject, String from, String date) {
        return "From: " + from + "\nTo: user@example.test\nSubject: " + subject + "\nDate: " + date + "\n\nbody\n";
    }

    @Test
    void imaplibCopyPastTheQuotaIsRefusedAndCopiesNothingWhileMoveIsNotChecked() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create(1_000);
        accounts.deliver(user, Accounts.message("Near the quota", "x".repeat(600)));

        String output = python("quota_session.py", "127.0.0.1", Integer.toString(listeners.port(ImapListeners.IMPLICIT_TLS)),
                user.toString(), Accounts.PASSWORD);

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(line(output, "COPY")).contains("'NO'", "OVERQUOTA");
        softly.assertThat(line(output, "STATUS-AFTER-COPY")).contains("Trash (MESSAGES 0)");
        softly.assertThat(line(output, "MOVE")).contains("'OK'");
        softly.assertThat(line(output, "STATUS-AFTER-MOVE")).contains("Trash (MESSAGES 1)", "INBOX (MESSAGES 0)");
        softly.assertThat(output).contains("DONE");
        softly.assertAll();
    }

    private String python(String script, String... args) throws Exception {
        Path file = dir.resolve(script);
        try (InputStream resource = getClass().getResourceAsStream("/" + script)) {
            Files.write(file, resource.readAllBytes());
        }
        List<String> command = new java.util.ArrayList<>(List.of("python3", file.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The step's line; the whole output when it is missing, so one run shows what the client saw. */
    private static String line(String output, String name) {
        return output.lines().filter(line -> line.startsWith(name + " ")).findFirst().orElse("(no " + name + ") " + output);
    }
}
