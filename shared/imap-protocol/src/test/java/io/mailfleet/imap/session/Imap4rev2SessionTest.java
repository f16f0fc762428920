package io.mailfleet.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.mailfleet.imap.command.SearchCommand;
import io.mailfleet.imap.command.SearchReturn;
import io.mailfleet.imap.selected.SelectedMailbox;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;

/**
 * What {@code ENABLE IMAP4rev2} changes in a session, each beside what an IMAP4rev1 session gets (RFC 9051
 * Appendix E): UTF-8 mailbox names, ESEARCH instead of SEARCH, no {@code \Recent} and no RECENT, a LIST of the
 * mailbox selected, and {@code OK [CLOSED]} when a selection ends another.
 */
class Imap4rev2SessionTest {

    private static Harness loggedIn(boolean imap4rev2) {
        Harness harness = new Harness(Harness.plaintextAllowed(), new FakeStore());
        harness.greet();
        harness.send("a1 LOGIN mrc secret\r\n");
        if (imap4rev2) {
            assertThat(harness.send("a2 ENABLE IMAP4rev2\r\n")).isEqualTo("* ENABLED IMAP4rev2\r\na2 OK ENABLE completed\r\n");
        }
        return harness;
    }

    private static Harness selected(boolean imap4rev2) {
        Harness harness = loggedIn(imap4rev2);
        harness.send("a3 SELECT INBOX\r\n");
        return harness;
    }

    private static SelectedMailbox mailbox(Harness harness) {
        return harness.session.selected().orElseThrow();
    }

    private static SearchCommand lastSearch(Harness harness) {
        return (SearchCommand) ((Question.Execute) harness.questions.get(harness.questions.size() - 1)).command();
    }

    @Test
    void asksASearchWithoutReturnForAnEsearchResponse() {
        // RFC 9051 §6.4.4: "A284 SEARCH TEXT ..." is answered "* ESEARCH (TAG "A284")", as RETURN () would be.
        Harness rev2 = selected(true);
        rev2.send("a4 SEARCH TEXT \"string not in mailbox\"\r\n");
        assertThat(lastSearch(rev2).returns()).isEqualTo(Optional.of(Set.of()));
        rev2.send("a5 UID SEARCH UNSEEN\r\n");
        assertThat(lastSearch(rev2).returns()).isEqualTo(Optional.of(Set.of()));
        rev2.send("a6 SEARCH RETURN (MIN COUNT) FLAGGED\r\n");
        assertThat(lastSearch(rev2).returns()).isEqualTo(Optional.of(Set.of(SearchReturn.MIN, SearchReturn.COUNT)));

        Harness rev1 = selected(false);
        rev1.send("a4 SEARCH UNSEEN\r\n");
        assertThat(lastSearch(rev1).returns()).isEmpty();
    }

    @Test
    void sendsNoRecentInUpdates() {
        // RFC 9051 §7.3 has no RECENT response and §2.3.2 no \Recent flag; FakeStore's UIDs 17 and 18 are recent.
        Harness rev2 = selected(true);
        mailbox(rev2).added(19, true);
        mailbox(rev2).flagsChanged(17, Flags.of(Flag.SEEN), 0);
        assertThat(rev2.send("a4 NOOP\r\n")).isEqualTo("* 19 EXISTS\r\n* 17 FETCH (FLAGS (\\Seen))\r\na4 OK NOOP completed\r\n");

        Harness rev1 = selected(false);
        mailbox(rev1).added(19, true);
        mailbox(rev1).flagsChanged(17, Flags.of(Flag.SEEN), 0);
        assertThat(rev1.send("a4 NOOP\r\n")).isEqualTo(
                "* 19 EXISTS\r\n* 3 RECENT\r\n* 17 FETCH (FLAGS (\\Seen \\Recent))\r\na4 OK NOOP completed\r\n");
    }

    @Test
    void takesMailboxNamesInUtf8() {
        // RFC 9051 §5.1: an IMAP4rev2 client sends UTF-8, so "&" is a character, not the start of modified UTF-7.
        Harness rev2 = loggedIn(true);
        rev2.send("a3 SELECT \"Entwürfe\"\r\n");
        assertThat(((Question.Select) rev2.questions.get(rev2.questions.size() - 1)).mailbox()).isEqualTo("Entwürfe");
        rev2.send("a4 SELECT Entw&APw-rfe\r\n");
        assertThat(((Question.Select) rev2.questions.get(rev2.questions.size() - 1)).mailbox()).isEqualTo("Entw&APw-rfe");
        // INBOX in any case is INBOX (RFC 9051 §5.1).
        assertThat(rev2.send("a5 SELECT iNbOx\r\n")).contains("* LIST () \"/\" INBOX\r\n")
                .endsWith("a5 OK [READ-WRITE] SELECT completed\r\n");
    }

    @Test
    void listsTheSelectedMailboxWithTheNameSentAsOldName() {
        // RFC 9051 §6.3.2: a LIST of the mailbox, with OLDNAME when the name sent is not the name kept (NFC).
        Harness rev2 = loggedIn(true);
        rev2.store.mailboxes.add("Caf\u00e9");
        assertThat(rev2.send("a3 SELECT \"Cafe\u0301\"\r\n"))
                .endsWith("* LIST () \"/\" \"Caf\u00e9\" (\"OLDNAME\" (\"Cafe\u0301\"))\r\na3 OK [READ-WRITE] SELECT completed\r\n");
        assertThat(rev2.send("a4 EXAMINE \"Caf\u00e9\"\r\n"))
                .endsWith("* LIST () \"/\" \"Caf\u00e9\"\r\na4 OK [READ-ONLY] EXAMINE completed\r\n");
        assertThat(loggedIn(false).send("a3 SELECT INBOX\r\n")).doesNotContain("* LIST");
    }

    @Test
    void saysClosedWhenASelectionEndsAnother() {
        // RFC 9051 §6.3.2: the OK [CLOSED] tells where the old mailbox's responses end.
        assertThat(selected(true).send("a4 EXAMINE INBOX\r\n"))
                .startsWith("* OK [CLOSED] Previous mailbox is now closed\r\n* FLAGS ");
        assertThat(selected(false).send("a4 EXAMINE INBOX\r\n")).startsWith("* FLAGS ");
    }
}
