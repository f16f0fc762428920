package io.mailfleet.imap.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.mailfleet.imap.response.MailboxData.Listed;
import io.mailfleet.imap.response.MailboxData.StatusItem;
import io.mailfleet.imap.response.SearchData.ThreadNode;
import io.mailfleet.imap.response.ServerData.Namespace;
import io.mailfleet.imap.response.ServerData.QuotaResource;

/**
 * Untagged data from the examples of RFC 3501 §7.2-7.4, RFC 9051 §7.2-7.5 and the extensions. Where an
 * example quotes a name that is an atom (or the other way round) the expected line is the equivalent form
 * this writer chooses, and the comment says so.
 */
class UntaggedDataTest {

    static Stream<Arguments> rfcExamples() {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("name", "Cyrus");
        id.put("version", "1.5");
        id.put("os", "sunos");
        id.put("os-version", "5.5");
        id.put("support-url", "mailto:cyrus-bugs+@andrew.cmu.edu");
        return Stream.of(
                // RFC 3501 §7.2
                Arguments.of(new ServerData.Capability(List.of("IMAP4rev1", "STARTTLS", "AUTH=GSSAPI", "LOGINDISABLED")),
                        "* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED"),
                Arguments.of(Listed.list(List.of("\\Noselect"), "~/Mail/foo"), "* LIST (\\Noselect) \"/\" ~/Mail/foo"),
                Arguments.of(Listed.lsub(List.of(), "#news/comp/mail/misc"), "* LSUB () \"/\" #news/comp/mail/misc"),
                Arguments.of(new MailboxData.Status("blurdybloop",
                        List.of(StatusItem.number("MESSAGES", 231), StatusItem.number("UIDNEXT", 44292))),
                        "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)"),
                Arguments.of(SearchData.Numbers.search(List.of(2L, 3L, 6L)), "* SEARCH 2 3 6"),
                Arguments.of(SearchData.Numbers.search(List.of()), "* SEARCH"),
                Arguments.of(new MailboxData.Flags(List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft")),
                        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)"),
                // RFC 3501 §7.3 and §7.4.1
                Arguments.of(new MailboxData.Exists(23), "* 23 EXISTS"),
                Arguments.of(new MailboxData.Recent(5), "* 5 RECENT"),
                Arguments.of(new MessageData.Expunge(44), "* 44 EXPUNGE"),
                // RFC 9051 §7.3.1: OLDNAME (the example quotes the names)
                Arguments.of(new Listed(false, List.of(), "NewMailbox", List.of(), "OldMailbox"),
                        "* LIST () \"/\" NewMailbox (\"OLDNAME\" (OldMailbox))"),
                // RFC 9051 §7.3.1: a mailbox name with a wildcard
                Arguments.of(Listed.list(List.of("\\HasNoChildren"), "Fruit/Ba*nana"),
                        "* LIST (\\HasNoChildren) \"/\" \"Fruit/Ba*nana\""),
                // RFC 5258 §5 CHILDINFO (the example quotes "Foo")
                Arguments.of(new Listed(false, List.of(), "Foo", List.of("SUBSCRIBED"), null),
                        "* LIST () \"/\" Foo (\"CHILDINFO\" (\"SUBSCRIBED\"))"),
                Arguments.of(new Listed(false, List.of("\\NonExistent"), "Foo", List.of("SUBSCRIBED"), "Bar"),
                        "* LIST (\\NonExistent) \"/\" Foo (\"CHILDINFO\" (\"SUBSCRIBED\") \"OLDNAME\" (Bar))"),
                // RFC 5819 LIST-STATUS (the example quotes "INBOX")
                Arguments.of(new MailboxData.Status("INBOX",
                        List.of(StatusItem.number("MESSAGES", 17), StatusItem.number("UNSEEN", 16))),
                        "* STATUS INBOX (MESSAGES 17 UNSEEN 16)"),
                // RFC 8474 §4.2
                Arguments.of(new MailboxData.Status("foo", List.of(StatusItem.mailboxId("F2212ea87-6097-4256-9d51-71338625"))),
                        "* STATUS foo (MAILBOXID (F2212ea87-6097-4256-9d51-71338625))"),
                // RFC 7162 §3.1.5 and §3.2.10
                Arguments.of(new SearchData.Numbers(false, List.of(2L, 5L, 6L, 7L, 11L, 12L, 18L, 19L, 20L, 23L),
                        OptionalLong.of(917162500)), "* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)"),
                Arguments.of(new SearchData.Numbers(false, List.of(), OptionalLong.of(917162500)), "* SEARCH"),
                Arguments.of(new MessageData.Vanished(true, NumberSet.of(41, 43, 44, 45, 118)),
                        "* VANISHED (EARLIER) 41,43:45,118"),
                Arguments.of(new MessageData.Vanished(false, NumberSet.of(405, 407, 410, 425)),
                        "* VANISHED 405,407,410,425"),
                // RFC 4731 §4 ESEARCH, RFC 7162 §3.1.5 MODSEQ in ESEARCH
                Arguments.of(new SearchData.Extended("A282", false, OptionalLong.of(2), OptionalLong.empty(), null,
                        OptionalLong.of(3), OptionalLong.empty()), "* ESEARCH (TAG \"A282\") MIN 2 COUNT 3"),
                Arguments.of(new SearchData.Extended("A283", false, OptionalLong.empty(), OptionalLong.empty(),
                        NumberSet.of(2, 10, 11), OptionalLong.empty(), OptionalLong.empty()),
                        "* ESEARCH (TAG \"A283\") ALL 2,10:11"),
                Arguments.of(new SearchData.Extended("A285", true, OptionalLong.of(7), OptionalLong.of(3800), null,
                        OptionalLong.empty(), OptionalLong.empty()), "* ESEARCH (TAG \"A285\") UID MIN 7 MAX 3800"),
                Arguments.of(new SearchData.Extended("A286", false, OptionalLong.empty(), OptionalLong.empty(), null,
                        OptionalLong.of(15), OptionalLong.empty()), "* ESEARCH (TAG \"A286\") COUNT 15"),
                Arguments.of(new SearchData.Extended("a", true, OptionalLong.empty(), OptionalLong.empty(),
                        NumberSet.of(1, 2, 3, 5), OptionalLong.empty(), OptionalLong.of(1236)),
                        "* ESEARCH (TAG \"a\") UID ALL 1:3,5 MODSEQ 1236"),
                Arguments.of(new SearchData.Extended("A301", false, OptionalLong.empty(), OptionalLong.empty(),
                        NumberSet.of(), OptionalLong.of(0), OptionalLong.empty()), "* ESEARCH (TAG \"A301\") COUNT 0"),
                // RFC 5267 §3.2 ESORT: ALL in sort order
                Arguments.of(new SearchData.Extended("E01", true, OptionalLong.empty(), OptionalLong.empty(),
                        NumberSet.of(23765, 23764, 23763, 23761), OptionalLong.empty(), OptionalLong.empty()),
                        "* ESEARCH (TAG \"E01\") UID ALL 23765,23764,23763,23761"),
                // RFC 5256 §4 and §5
                Arguments.of(SearchData.Numbers.sort(List.of(2L, 84L, 882L)), "* SORT 2 84 882"),
                Arguments.of(new SearchData.Threads(List.of(ThreadNode.of(2),
                        ThreadNode.of(3, ThreadNode.of(6, ThreadNode.of(4, ThreadNode.of(23)),
                                ThreadNode.of(44, ThreadNode.of(7, ThreadNode.of(96))))))),
                        "* THREAD (2)(3 6 (4 23)(44 7 96))"),
                Arguments.of(new SearchData.Threads(List.of(ThreadNode.of(0, ThreadNode.of(3), ThreadNode.of(5)))),
                        "* THREAD ((3)(5))"),
                Arguments.of(new SearchData.Threads(List.of()), "* THREAD"),
                // RFC 5161 §4, RFC 2971 §4, RFC 2342 §6, RFC 9208 §5
                Arguments.of(new ServerData.Enabled(List.of("X-GOOD-IDEA")), "* ENABLED X-GOOD-IDEA"),
                Arguments.of(new ServerData.Enabled(List.of()), "* ENABLED"),
                Arguments.of(new ServerData.Id(id), "* ID (\"name\" \"Cyrus\" \"version\" \"1.5\" \"os\" \"sunos\" "
                        + "\"os-version\" \"5.5\" \"support-url\" \"mailto:cyrus-bugs+@andrew.cmu.edu\")"),
                Arguments.of(new ServerData.Id(null), "* ID NIL"),
                Arguments.of(new ServerData.Namespaces(List.of(new Namespace("")), List.of(), List.of()),
                        "* NAMESPACE ((\"\" \"/\")) NIL NIL"),
                Arguments.of(new ServerData.Namespaces(List.of(new Namespace("")), List.of(new Namespace("~")),
                        List.of(new Namespace("#shared/"), new Namespace("#public/"))),
                        "* NAMESPACE ((\"\" \"/\")) ((\"~\" \"/\")) ((\"#shared/\" \"/\")(\"#public/\" \"/\"))"),
                Arguments.of(new ServerData.QuotaRoot("INBOX", List.of("")), "* QUOTAROOT INBOX \"\""),
                Arguments.of(new ServerData.Quota("", List.of(new QuotaResource("STORAGE", 10, 512))),
                        "* QUOTA \"\" (STORAGE 10 512)"),
                Arguments.of(new ServerData.Quota("#user/alice", List.of(new QuotaResource("STORAGE", 54, 111),
                        new QuotaResource("MESSAGE", 42, 1000))), "* QUOTA #user/alice (STORAGE 54 111 MESSAGE 42 1000)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("rfcExamples")
    void encodesTheRfcExamples(Response response, String line) {
        assertThat(new String(response.encode(false), StandardCharsets.UTF_8)).isEqualTo(line + "\r\n");
    }

    @Test
    void writesMailboxNamesInUtf7OrUtf8() {
        Listed listed = Listed.list(List.of("\\HasNoChildren"), "Entwürfe");
        assertThat(new String(listed.encode(false), StandardCharsets.UTF_8))
                .isEqualTo("* LIST (\\HasNoChildren) \"/\" Entw&APw-rfe\r\n");
        assertThat(new String(listed.encode(true), StandardCharsets.UTF_8))
                .isEqualTo("* LIST (\\HasNoChildren) \"/\" \"Entwürfe\"\r\n");
        MailboxData.Status status = new MailboxData.Status("台北", List.of(StatusItem.number("MESSAGES", 1)));
        assertThat(new String(status.encode(false), StandardCharsets.UTF_8)).isEqualTo("* STATUS &U,BTFw- (MESSAGES 1)\r\n");
    }

    @Test
    void refusesThreadsWithAnEmptyMissingParent() {
        assertThatThrownBy(() -> ThreadNode.of(0, ThreadNode.of(3))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnEmptyVanished() {
        assertThatThrownBy(() -> new MessageData.Vanished(false, NumberSet.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
