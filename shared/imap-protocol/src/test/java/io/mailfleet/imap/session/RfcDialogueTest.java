package io.mailfleet.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * The sample dialogues of RFC 3501 §8 and RFC 9051 §8 replayed against a fake store. The server's lines are
 * this server's: its texts, the order RFC 9051 §6.3.2 allows (FLAGS first), the response codes it always
 * adds (UIDNEXT, PERMANENTFLAGS, CAPABILITY after login), and flags in their stored order. RFC 9051's
 * dialogue logs in with SCRAM-SHA-256, which is not offered; AUTHENTICATE PLAIN with an initial response
 * stands in for it, and the client enables IMAP4rev2 as RFC 9051 §2.1 asks of a client of both.
 */
class RfcDialogueTest {

    private static final String REV1_CLIENT = """
            a001 login mrc secret\r
            a002 select inbox\r
            a003 fetch 12 full\r
            a004 fetch 12 body[header]\r
            a005 store 12 +flags \\deleted\r
            a006 logout\r
            """;

    private static final String AUTHENTICATED_CAPABILITIES = "IMAP4rev1 IMAP4rev2 LITERAL- SASL-IR ID ENABLE IDLE "
            + "NAMESPACE UNSELECT UIDPLUS MOVE CHILDREN LIST-EXTENDED LIST-STATUS SPECIAL-USE CREATE-SPECIAL-USE "
            + "STATUS=SIZE ESEARCH SEARCHRES SORT ESORT THREAD=REFERENCES THREAD=ORDEREDSUBJECT CONDSTORE QRESYNC "
            + "BINARY UTF8=ACCEPT QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE OBJECTID SAVEDATE PREVIEW MULTIAPPEND "
            + "APPENDLIMIT=67108864 COMPRESS=DEFLATE";

    private static final String FETCH_FULL = "ENVELOPE " + FakeStore.ENVELOPE + " BODY " + FakeStore.BODY + ")\r\n";

    /**
     * From SELECT's OK on, both dialogues are answered alike. Before it, unlike the RFCs' servers, this one
     * sends HIGHESTMODSEQ, since it offers CONDSTORE (RFC 7162 §3.1.2.1).
     */
    private static final String AFTER_SELECT = ""
            + "a002 OK [READ-WRITE] SELECT completed\r\n"
            + "* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 " + FETCH_FULL
            + "a003 OK FETCH completed\r\n"
            + "* 12 FETCH (BODY[HEADER] {" + FakeStore.HEADER.length() + "}\r\n" + FakeStore.HEADER + ")\r\n"
            + "a004 OK FETCH completed\r\n"
            + "* 12 FETCH (FLAGS (\\Deleted \\Seen))\r\n"
            + "a005 OK +FLAGS completed\r\n"
            + "* BYE imap.example.test logging out\r\n"
            + "a006 OK LOGOUT completed\r\n";

    private static final String REV1_SERVER = ""
            + "a001 OK [CAPABILITY " + AUTHENTICATED_CAPABILITIES + "] Logged in\r\n"
            + "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
            + "* 18 EXISTS\r\n"
            + "* 2 RECENT\r\n"
            + "* OK [UNSEEN 17] First unseen\r\n"
            + "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
            + "* OK [UIDNEXT 19] Predicted next UID\r\n"
            + "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Flags\r\n"
            + "* OK [HIGHESTMODSEQ 90060115194045000] Highest\r\n"
            + AFTER_SELECT;

    @Test
    void replaysTheDialogueOfRfc3501() {
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        assertThat(harness.greet()).isEqualTo("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL- SASL-IR ID ENABLE IDLE "
                + "STARTTLS AUTH=PLAIN AUTH=LOGIN] imap.example.test IMAP server ready\r\n");
        assertThat(harness.send(REV1_CLIENT)).isEqualTo(REV1_SERVER);
        assertThat(harness.closed).isTrue();
    }

    @Test
    void answersTheSameWhereverTheInputIsSplit() {
        assertSameAtEverySplit(Harness.plaintextAllowed(), false, REV1_CLIENT, REV1_SERVER);
    }

    /** Feeds {@code client} in two pieces split at each offset in turn, after STARTTLS when {@code tlsFirst}. */
    private static void assertSameAtEverySplit(ImapSettings settings, boolean tlsFirst, String clientText,
            String expected) {
        byte[] client = clientText.getBytes(StandardCharsets.US_ASCII);
        for (int split = 0; split <= client.length; split++) {
            Harness harness = new Harness(settings, new FakeStore());
            harness.greet();
            if (tlsFirst) {
                harness.send(REV2_BEFORE_TLS);
                harness.tlsDone();
            }
            harness.feed(Arrays.copyOfRange(client, 0, split));
            harness.feed(Arrays.copyOfRange(client, split, client.length));
            assertThat(harness.take()).as("split at %d", split).isEqualTo(expected);
        }
    }

    @Test
    void answersTheSameOneOctetAtATime() {
        byte[] client = REV1_CLIENT.getBytes(StandardCharsets.US_ASCII);
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        harness.greet();
        for (byte octet : client) {
            harness.feed(new byte[] {octet});
        }
        assertThat(harness.take()).isEqualTo(REV1_SERVER);
    }

    private static final String REV2_BEFORE_TLS = "a000 starttls\r\n";

    private static final String REV2_CLIENT = """
            A001 AUTHENTICATE PLAIN AG1yYwBzZWNyZXQ=\r
            a001 enable IMAP4rev2\r
            a002 select inbox\r
            a003 fetch 12 full\r
            a004 fetch 12 body[header]\r
            a005 store 12 +flags \\deleted\r
            a006 logout\r
            """;

    private static final String REV2_SERVER = ""
            + "A001 OK [CAPABILITY " + AUTHENTICATED_CAPABILITIES + "] Logged in\r\n"
            + "* ENABLED IMAP4rev2\r\n"
            + "a001 OK ENABLE completed\r\n"
            + "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
            + "* 18 EXISTS\r\n"
            + "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
            + "* OK [UIDNEXT 19] Predicted next UID\r\n"
            + "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Flags\r\n"
            + "* OK [HIGHESTMODSEQ 90060115194045000] Highest\r\n"
            + "* LIST () \"/\" INBOX\r\n"
            + AFTER_SELECT;

    @Test
    void replaysTheDialogueOfRfc9051() {
        Harness harness = new Harness(ImapSettings.defaults("imap.example.test"), new FakeStore());
        assertThat(harness.greet()).isEqualTo("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL- SASL-IR ID ENABLE IDLE "
                + "STARTTLS LOGINDISABLED] imap.example.test IMAP server ready\r\n");
        assertThat(harness.send(REV2_BEFORE_TLS)).isEqualTo("a000 OK Begin TLS negotiation now\r\n");
        assertThat(harness.tlsRequested).isTrue();
        harness.tlsDone();
        assertThat(harness.send(REV2_CLIENT)).isEqualTo(REV2_SERVER);
    }

    @Test
    void answersTheRfc9051DialogueTheSameWhereverTheInputIsSplit() {
        assertSameAtEverySplit(ImapSettings.defaults("imap.example.test"), true, REV2_CLIENT, REV2_SERVER);
    }
}
