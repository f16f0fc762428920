package io.mailfleet.imap.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.mailfleet.imap.command.ImapState;
import io.mailfleet.imap.selected.SelectedMailbox;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;

/** States, capabilities, authentication, IDLE, updates and limits of one session. */
class SessionTest {

    private static Harness loggedIn() {
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        harness.greet();
        harness.send("a1 LOGIN mrc secret\r\n");
        return harness;
    }

    private static Harness selected() {
        Harness harness = loggedIn();
        harness.send("a2 SELECT INBOX\r\n");
        return harness;
    }

    private static SelectedMailbox mailbox(Harness harness) {
        return harness.session.selected().orElseThrow();
    }

    @Test
    void refusesCommandsOutsideTheirStates() {
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        harness.greet();
        assertThat(harness.send("a1 SELECT INBOX\r\n")).isEqualTo("a1 BAD Command not valid in this state\r\n");
        assertThat(harness.send("a2 FETCH 1 FLAGS\r\n")).isEqualTo("a2 BAD Command not valid in this state\r\n");
        harness.send("a3 LOGIN mrc secret\r\n");
        assertThat(harness.session.state()).isEqualTo(ImapState.AUTHENTICATED);
        assertThat(harness.send("a4 LOGIN mrc secret\r\n")).isEqualTo("a4 BAD Command not valid in this state\r\n");
        assertThat(harness.send("a5 CHECK\r\n")).isEqualTo("a5 BAD Command not valid in this state\r\n");
    }

    @Test
    void refusesPlaintextLoginAndOffersStartTls() {
        Harness harness = new Harness(ImapSettings.defaults("imap.example.test"), new FakeStore());
        assertThat(harness.greet()).contains("STARTTLS LOGINDISABLED]").doesNotContain("AUTH=");
        assertThat(harness.send("a1 LOGIN mrc secret\r\n"))
                .isEqualTo("a1 NO [PRIVACYREQUIRED] Use STARTTLS first\r\n");
        assertThat(harness.send("a2 AUTHENTICATE PLAIN AG1yYwBzZWNyZXQ=\r\n"))
                .isEqualTo("a2 NO [PRIVACYREQUIRED] Use STARTTLS first\r\n");
        assertThat(harness.questions).isEmpty();
    }

    @Test
    void dropsCommandsPipelinedBehindStartTls() {
        // RFC 9051 §6.2.1: what the client sent before the handshake must not be run after it.
        Harness harness = new Harness(ImapSettings.defaults("imap.example.test"), new FakeStore());
        harness.greet();
        assertThat(harness.send("a1 STARTTLS\r\na2 LOGIN mrc secret\r\n")).isEqualTo("a1 OK Begin TLS negotiation now\r\n");
        assertThat(harness.send("a3 NOOP\r\n")).isEmpty();
        harness.tlsDone();
        assertThat(harness.questions).isEmpty();
        assertThat(harness.send("a4 CAPABILITY\r\n")).contains("AUTH=PLAIN AUTH=LOGIN\r\n").doesNotContain("STARTTLS")
                .doesNotContain("LOGINDISABLED").endsWith("a4 OK CAPABILITY completed\r\n");
        assertThat(harness.send("a5 STARTTLS\r\n")).isEqualTo("a5 BAD STARTTLS is not available\r\n");
    }

    @Test
    void compressesWithDeflateOnceAfterTheOk() {
        // RFC 4978 §3 and its example; input sent behind COMPRESS, which the RFC forbids, is not read.
        Harness harness = loggedIn();
        assertThat(harness.send("a2 COMPRESS LZMA\r\n")).isEqualTo("a2 NO Only DEFLATE is offered\r\n");
        assertThat(harness.compressionStarted).isFalse();
        assertThat(harness.send("a3 COMPRESS DEFLATE\r\na4 NOOP\r\n")).isEqualTo("a3 OK DEFLATE active\r\n");
        assertThat(harness.compressionStarted).isTrue();
        assertThat(harness.send("a5 COMPRESS DEFLATE\r\n"))
                .isEqualTo("a5 NO [COMPRESSIONACTIVE] DEFLATE is active already\r\n");
        assertThat(harness.send("a6 NOOP\r\n")).isEqualTo("a6 OK NOOP completed\r\n");
    }

    @Test
    void compressIsRefusedWhereTheServiceDoesNotOfferIt() {
        ImapSettings open = Harness.plaintextAllowed();
        Harness harness = new Harness(new ImapSettings(open.hostName(), false, true, true, open.maxBadCommands(),
                open.maxBufferedInput(), open.limits(), List.of("NAMESPACE")), new FakeStore());
        harness.greet();
        harness.send("a1 LOGIN mrc secret\r\n");
        assertThat(harness.send("a2 COMPRESS DEFLATE\r\n")).isEqualTo("a2 NO COMPRESS is not offered\r\n");
        assertThat(harness.compressionStarted).isFalse();
    }

    @Test
    void authenticatesWithLoginChallenges() {
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        harness.greet();
        assertThat(harness.send("a1 AUTHENTICATE LOGIN\r\n")).isEqualTo("+ VXNlcm5hbWU6\r\n");
        assertThat(harness.send("bXJj\r\n")).isEqualTo("+ UGFzc3dvcmQ6\r\n");
        assertThat(harness.send("c2VjcmV0\r\n")).startsWith("a1 OK [CAPABILITY IMAP4rev1 ").endsWith("] Logged in\r\n");
        assertThat(harness.questions).containsExactly(new Question.Authenticate("AUTHENTICATE LOGIN", "mrc", "secret"));
    }

    @Test
    void authenticatesWithAnEmptyPlainChallenge() {
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        harness.greet();
        assertThat(harness.send("a1 AUTHENTICATE PLAIN\r\n")).isEqualTo("+ \r\n");
        assertThat(harness.send("AG1yYwB3cm9uZw==\r\n"))
                .isEqualTo("a1 NO [AUTHENTICATIONFAILED] Authentication failed\r\n");
        assertThat(harness.session.state()).isEqualTo(ImapState.NOT_AUTHENTICATED);
    }

    @Test
    void refusesALoginOverTheAccountsSessionLimitWithLimit() {
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        harness.greet();
        assertThat(harness.send("a1 LOGIN busy secret\r\n")).isEqualTo("a1 NO [LIMIT] Too many sessions open for this account\r\n");
        assertThat(harness.session.state()).isEqualTo(ImapState.NOT_AUTHENTICATED);
        assertThat(harness.send("a2 LOGIN mrc secret\r\n")).startsWith("a2 OK [CAPABILITY ");
    }

    @Test
    void letsTheClientCancelAnExchange() {
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        harness.greet();
        harness.send("a1 AUTHENTICATE PLAIN\r\n");
        assertThat(harness.send("*\r\n")).isEqualTo("a1 BAD Authentication cancelled\r\n");
        assertThat(harness.send("a2 AUTHENTICATE CRAM-MD5\r\n"))
                .isEqualTo("a2 NO [CANNOT] Unsupported authentication mechanism\r\n");
        assertThat(harness.send("a3 AUTHENTICATE PLAIN !!!!\r\n")).startsWith("a3 BAD ");
    }

    @Test
    void saysByeAfterTooManyBadCommands() {
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        harness.greet();
        String out = harness.send("x1 FROB\r\n".repeat(10) + "x2 NOOP\r\n");
        assertThat(out).endsWith("x1 BAD unknown command\r\n* BYE Too many invalid commands\r\n");
        assertThat(out.split("\r\n")).hasSize(11);
        assertThat(harness.closed).isTrue();
        assertThat(harness.send("x3 NOOP\r\n")).isEmpty();
    }

    @Test
    void holdsExpungesBackDuringFetchAndSendsThemAtNoop() {
        Harness harness = selected();
        mailbox(harness).expunged(3, 0);
        mailbox(harness).flagsChanged(4, Flags.of(Flag.FLAGGED), 0);
        assertThat(harness.send("a3 FETCH 3 (FLAGS)\r\n")).isEqualTo(
                "* 3 FETCH (FLAGS (\\Seen))\r\n* 4 FETCH (FLAGS (\\Flagged))\r\na3 OK FETCH completed\r\n");
        assertThat(harness.send("a4 NOOP\r\n")).isEqualTo("* 3 EXPUNGE\r\na4 OK NOOP completed\r\n");
    }

    @Test
    void sendsExpungesDuringUidCommands() {
        Harness harness = selected();
        mailbox(harness).expunged(3, 0);
        assertThat(harness.send("a3 UID FETCH 5 (FLAGS)\r\n"))
                .isEqualTo("* 5 FETCH (UID 5 FLAGS (\\Seen))\r\n* 3 EXPUNGE\r\na3 OK FETCH completed\r\n");
        // UID 3 is gone and 5 is message 4 now.
        assertThat(harness.send("a4 FETCH 4 (UID)\r\n")).isEqualTo("* 4 FETCH (UID 5)\r\na4 OK FETCH completed\r\n");
    }

    @Test
    void reportsTheExpungesOfMoveByNumber() {
        // RFC 6851 §4.3: MOVE removes the messages and says so, numbers or not.
        Harness harness = selected();
        assertThat(harness.send("a3 MOVE 2:3 Trash\r\n"))
                .isEqualTo("* 2 EXPUNGE\r\n* 2 EXPUNGE\r\na3 OK MOVE completed\r\n");
        assertThat(harness.send("a4 UID MOVE 1 Trash\r\n")).isEqualTo("* 1 EXPUNGE\r\na4 OK MOVE completed\r\n");
    }

    @Test
    void resolvesTheSavedSearchResult() {
        // RFC 5182 §2.1: $ is the saved result, less what was expunged since.
        Harness harness = selected();
        mailbox(harness).saveSearchResult(new long[] {3, 5});
        assertThat(harness.send("a3 FETCH $ (UID)\r\n"))
                .isEqualTo("* 3 FETCH (UID 3)\r\n* 5 FETCH (UID 5)\r\na3 OK FETCH completed\r\n");
        mailbox(harness).expunged(3, 0);
        harness.send("a4 NOOP\r\n");
        assertThat(harness.send("a5 UID FETCH $ (FLAGS)\r\n"))
                .isEqualTo("* 4 FETCH (UID 5 FLAGS (\\Seen))\r\na5 OK FETCH completed\r\n");
    }

    @Test
    void refusesMessageNumbersPastTheLast() {
        Harness harness = selected();
        assertThat(harness.send("a3 FETCH 19 (FLAGS)\r\n")).isEqualTo("a3 BAD no such message number\r\n");
        assertThat(harness.send("a4 UID FETCH 19:30 (FLAGS)\r\n")).isEqualTo("a4 OK FETCH completed\r\n");
    }

    @Test
    void pushesUpdatesDuringIdle() {
        Harness harness = selected();
        mailbox(harness).added(19, true);
        assertThat(harness.send("a3 IDLE\r\n")).isEqualTo("+ idling\r\n* 19 EXISTS\r\n* 3 RECENT\r\n");
        assertThat(harness.updatesArrived()).isEmpty();
        mailbox(harness).expunged(1, 0);
        assertThat(harness.updatesArrived()).isEqualTo("* 1 EXPUNGE\r\n");
        assertThat(harness.send("DONE\r\n")).isEqualTo("a3 OK IDLE terminated\r\n");
        // Outside IDLE an update waits for the next command.
        mailbox(harness).added(20, false);
        assertThat(harness.updatesArrived()).isEmpty();
        assertThat(harness.send("a4 NOOP\r\n")).isEqualTo("* 19 EXISTS\r\n* 3 RECENT\r\na4 OK NOOP completed\r\n");
    }

    @Test
    void endsIdleWithBadOnAnythingButDone() {
        Harness harness = selected();
        assertThat(harness.send("a3 IDLE\r\n")).isEqualTo("+ idling\r\n");
        assertThat(harness.send("a4 NOOP\r\n")).isEqualTo("a3 BAD Expected DONE\r\n");
        assertThat(harness.send("a5 NOOP\r\n")).isEqualTo("a5 OK NOOP completed\r\n");
    }

    @Test
    void offersLoginAtOnceOverImplicitTls() {
        ImapSettings defaults = ImapSettings.defaults("imap.example.test");
        Harness harness = new Harness(new ImapSettings(defaults.hostName(), true, true, false,
                defaults.maxBadCommands(), defaults.maxBufferedInput(), defaults.limits()), new FakeStore());
        assertThat(harness.greet()).contains(" IDLE AUTH=PLAIN AUTH=LOGIN]").doesNotContain("STARTTLS");
        assertThat(harness.send("a1 LOGIN mrc secret\r\n")).startsWith("a1 OK [CAPABILITY ");
    }

    @Test
    void advertisesAndEnablesOnlyTheExtensionsTheServiceCarriesOut() {
        ImapSettings defaults = Harness.plaintextAllowed();
        Harness harness = new Harness(new ImapSettings(defaults.hostName(), false, true, true,
                defaults.maxBadCommands(), defaults.maxBufferedInput(), defaults.limits(),
                List.of("CONDSTORE", "UTF8=ACCEPT")), new FakeStore());
        harness.greet();
        assertThat(harness.send("a1 LOGIN mrc secret\r\n"))
                .contains(" IDLE CONDSTORE UTF8=ACCEPT]").doesNotContain("QRESYNC").doesNotContain("THREAD");
        assertThat(harness.send("a2 ENABLE QRESYNC CONDSTORE\r\n"))
                .isEqualTo("* ENABLED CONDSTORE\r\na2 OK ENABLE completed\r\n");
    }

    /** RFC 7162 §3.1: each CONDSTORE enabling command makes the flag updates that follow carry UID and MODSEQ. */
    @ParameterizedTest
    @ValueSource(strings = {"a3 FETCH 1 (MODSEQ)", "a3 FETCH 1 (FLAGS) (CHANGEDSINCE 5)", "a3 SEARCH MODSEQ 5",
            "a3 UID SEARCH RETURN (COUNT) OR SEEN MODSEQ 5", "a3 STORE 1 (UNCHANGEDSINCE 9) +FLAGS.SILENT (\\Seen)",
            "a3 STATUS INBOX (HIGHESTMODSEQ)", "a3 SELECT INBOX (CONDSTORE)"})
    void turnsCondstoreOnWithAnEnablingCommand(String command) {
        Harness harness = selected();
        mailbox(harness).flagsChanged(4, Flags.of(Flag.FLAGGED), 0);
        assertThat(harness.send("a3 NOOP\r\n")).isEqualTo("* 4 FETCH (FLAGS (\\Flagged))\r\na3 OK NOOP completed\r\n");
        harness.send(command + "\r\n");
        mailbox(harness).flagsChanged(4, Flags.of(Flag.SEEN), 90060115194045001L);
        assertThat(harness.send("a4 NOOP\r\n")).isEqualTo(
                "* 4 FETCH (UID 4 FLAGS (\\Seen) MODSEQ (90060115194045001))\r\na4 OK NOOP completed\r\n");
    }

    @Test
    void sendsHighestModSeqOnSelectOnlyWhenCondstoreIsOffered() {
        assertThat(loggedIn().send("a2 EXAMINE INBOX\r\n")).contains("* OK [HIGHESTMODSEQ 90060115194045000] Highest\r\n");
        ImapSettings defaults = Harness.plaintextAllowed();
        Harness without = new Harness(new ImapSettings(defaults.hostName(), false, true, true, defaults.maxBadCommands(),
                defaults.maxBufferedInput(), defaults.limits(), List.of("UIDPLUS")), new FakeStore());
        without.greet();
        without.send("a1 LOGIN mrc secret\r\n");
        assertThat(without.send("a2 SELECT INBOX\r\n")).doesNotContain("HIGHESTMODSEQ");
        without.send("a3 FETCH 1 (MODSEQ)\r\n");
        mailbox(without).flagsChanged(4, Flags.of(Flag.SEEN), 0);
        assertThat(without.send("a4 NOOP\r\n")).isEqualTo("* 4 FETCH (FLAGS (\\Seen))\r\na4 OK NOOP completed\r\n");
    }

    @Test
    void refusesToAdvertiseAnExtensionTheCoreDoesNotParse() {
        ImapSettings defaults = Harness.plaintextAllowed();
        assertThatThrownBy(() -> new ImapSettings(defaults.hostName(), false, true, true, defaults.maxBadCommands(),
                defaults.maxBufferedInput(), defaults.limits(), List.of("X-UNKNOWN")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendsVanishedOnceQresyncIsEnabled() {
        Harness harness = loggedIn();
        assertThat(harness.send("a2 ENABLE QRESYNC UTF8=ACCEPT X-UNKNOWN\r\n"))
                .isEqualTo("* ENABLED QRESYNC UTF8=ACCEPT\r\na2 OK ENABLE completed\r\n");
        assertThat(harness.send("a3 SELECT INBOX\r\n")).contains("* OK [HIGHESTMODSEQ 90060115194045000] Highest\r\n");
        mailbox(harness).expunged(2, 90060115194045001L);
        mailbox(harness).expunged(3, 90060115194045002L);
        assertThat(harness.send("a4 NOOP\r\n")).isEqualTo("* VANISHED 2:3\r\na4 OK NOOP completed\r\n");
        assertThat(harness.send("a5 SELECT INBOX\r\n")).startsWith("* OK [CLOSED] Previous mailbox is now closed\r\n");
    }

    @Test
    void decodesModifiedUtf7MailboxNamesForTheStore() {
        Harness harness = loggedIn();
        assertThat(harness.send("a2 SELECT Entw&APw-rfe\r\n")).isEqualTo("a2 NO [NONEXISTENT] No such mailbox\r\n");
        assertThat(((Question.Select) harness.questions.get(1)).mailbox()).isEqualTo("Entwürfe");
        assertThat(harness.send("a3 SELECT &Jjo!\r\n")).isEqualTo("a3 NO [NONEXISTENT] No such mailbox\r\n");
        assertThat(harness.session.state()).isEqualTo(ImapState.AUTHENTICATED);
    }

    @Test
    void streamsAppendedMessagesToTheStore() {
        Harness harness = selected();
        assertThat(harness.send("a3 APPEND INBOX (\\Seen) {11}\r\n")).isEqualTo("+ Ready for literal data\r\n");
        assertThat(harness.send("Hello world\r\n"))
                .isEqualTo("a3 OK [APPENDUID 3857529045 19] APPEND completed\r\n");
        assertThat(harness.appended.toString(StandardCharsets.US_ASCII)).isEqualTo("Hello world");
        assertThat(harness.questions).last().isEqualTo(new Question.AppendCommit("a3", 1, false));
    }

    @Test
    void appendsSeveralMessagesInNonSynchronizingLiterals() {
        // RFC 3502 MULTIAPPEND with RFC 7888 literals: no continuation request is needed.
        Harness harness = loggedIn();
        assertThat(harness.send("a3 APPEND INBOX {3+}\r\nabc (\\Flagged) {2+}\r\nde\r\n"))
                .isEqualTo("a3 OK [APPENDUID 3857529045 19:20] APPEND completed\r\n");
        assertThat(harness.appended.toString(StandardCharsets.US_ASCII)).isEqualTo("abcde");
    }

    @Test
    void aSyntaxErrorAfterTheFirstMessageCancelsTheMessagesBeforeIt() {
        // RFC 3502 §6.3.11: unless all the messages are appended, none is; the gateway commits none of them.
        Harness harness = loggedIn();
        assertThat(harness.send("a3 APPEND INBOX {3+}\r\nabc (\\Flagged) junk\r\n")).startsWith("a3 BAD ");
        assertThat(harness.questions).last().isEqualTo(new Question.AppendCommit("a3", 1, true));
        assertThat(harness.send("a4 NOOP\r\n")).isEqualTo("a4 OK NOOP completed\r\n");
    }

    @Test
    void refusesAnAppendTheStoreRefusesBeforeItsOctets() {
        Harness harness = loggedIn();
        assertThat(harness.send("a3 APPEND Nowhere {5}\r\n")).isEqualTo("a3 NO [TRYCREATE] No such mailbox\r\n");
        // The client sends no literal after a refusal: the next line is a command.
        assertThat(harness.send("a4 NOOP\r\n")).isEqualTo("a4 OK NOOP completed\r\n");
        assertThat(harness.appended.size()).isZero();
    }

    @Test
    void refusesAppendBeforeLogin() {
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        harness.greet();
        assertThat(harness.send("a1 APPEND INBOX {5}\r\n")).isEqualTo("a1 BAD Command not valid in this state\r\n");
        assertThat(harness.send("a2 APPEND INBOX {5+}\r\nHello\r\na3 NOOP\r\n"))
                .isEqualTo("a2 BAD Command not valid in this state\r\na3 OK NOOP completed\r\n");
        assertThat(harness.questions).isEmpty();
    }

    @Test
    void asksForTheLiteralsOfACommand() {
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        harness.greet();
        assertThat(harness.send("a1 LOGIN {3}\r\n")).isEqualTo("+ Ready for literal data\r\n");
        assertThat(harness.send("mrc {6}\r\n")).isEqualTo("+ Ready for literal data\r\n");
        assertThat(harness.send("secret\r\n")).startsWith("a1 OK [CAPABILITY ");
    }

    @Test
    void unselectsWithoutExpunging() {
        Harness harness = selected();
        mailbox(harness).expunged(1, 0);
        assertThat(harness.send("a3 CLOSE\r\n")).isEqualTo("a3 OK CLOSE completed\r\n");
        assertThat(harness.session.state()).isEqualTo(ImapState.AUTHENTICATED);
        harness.send("a4 SELECT INBOX\r\n");
        assertThat(harness.send("a5 UNSELECT\r\n")).isEqualTo("a5 OK UNSELECT completed\r\n");
        assertThat(harness.session.selected()).isEmpty();
    }

    @Test
    void closesWhenTooMuchArrivesWhileBusy() {
        ImapSettings small = new ImapSettings("imap.example.test", false, true, true, 10, 64,
                Harness.plaintextAllowed().limits());
        ImapSession session = new ImapSession(small);
        session.greeting();
        assertThat(session.receive("a1 LOGIN mrc secret\r\n".getBytes(StandardCharsets.US_ASCII)))
                .singleElement().isInstanceOf(Effect.Ask.class);
        assertThat(session.awaitingAnswer()).isTrue();
        assertThat(session.receive(new byte[40])).isEmpty();
        assertThat(session.receive(new byte[40])).last().isInstanceOf(Effect.Close.class);
        assertThat(session.isClosed()).isTrue();
    }

    @Test
    void answersIdNamespaceAndCapabilityItself() {
        Harness harness = loggedIn();
        assertThat(harness.send("a2 ID NIL\r\n")).isEqualTo("* ID (\"name\" \"mailfleet\")\r\na2 OK ID completed\r\n");
        assertThat(harness.send("a3 NAMESPACE\r\n"))
                .isEqualTo("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\na3 OK NAMESPACE completed\r\n");
        assertThat(harness.questions).hasSize(1);
    }
}
