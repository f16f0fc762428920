package io.mailfleet.imap.command;

import static io.mailfleet.imap.command.Parse.one;
import static io.mailfleet.imap.command.Parse.range;
import static io.mailfleet.imap.command.Parse.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.imap.command.FetchAttribute.Binary;
import io.mailfleet.imap.command.FetchAttribute.BinarySize;
import io.mailfleet.imap.command.FetchAttribute.BodySection;
import io.mailfleet.imap.command.FetchAttribute.Partial;
import io.mailfleet.imap.command.FetchAttribute.Preview;
import io.mailfleet.imap.command.FetchAttribute.Section;
import io.mailfleet.imap.command.FetchAttribute.SectionText;
import io.mailfleet.imap.command.FetchAttribute.Simple;
import io.mailfleet.imap.command.SearchKey.DateField;
import io.mailfleet.imap.command.SearchKey.DateRelation;
import io.mailfleet.imap.command.SortCommand.Criterion;
import io.mailfleet.imap.command.SortCommand.SortKey;
import io.mailfleet.model.mailbox.Flag;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command parsed: the examples of RFC 3501 §6 and §8, RFC 9051 §6 and the extensions' RFCs, and where
 * an RFC shows none, commands written in the form its grammar gives.
 */
class CommandParseTest {

    private static final SequenceSet ALL_FROM_1 = set(range(1, SequenceSet.LARGEST));

    static Stream<Arguments> examples() {
        return Stream.of(
                // RFC 3501 §6.1 and RFC 9051 §6.1
                row("a001 CAPABILITY\r\n", new NoArgumentsCommand("a001", CommandKind.CAPABILITY)),
                row("a002 NOOP\r\n", new NoArgumentsCommand("a002", CommandKind.NOOP)),
                row("A023 LOGOUT\r\n", new NoArgumentsCommand("A023", CommandKind.LOGOUT)),
                // RFC 3501 §6.2
                row("a002 STARTTLS\r\n", new NoArgumentsCommand("a002", CommandKind.STARTTLS)),
                row("A001 AUTHENTICATE GSSAPI\r\n", new AuthenticateCommand("A001", "GSSAPI", Optional.empty())),
                row("a001 LOGIN SMITH SESAME\r\n", new LoginCommand("a001", "SMITH", "SESAME")),
                // RFC 4959 §3: SASL-IR, "=" for an empty initial response
                row("a AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n",
                        new AuthenticateCommand("a", "PLAIN", Optional.of("dGVzdAB0ZXN0AHRlc3Q="))),
                row("a AUTHENTICATE EXTERNAL =\r\n", new AuthenticateCommand("a", "EXTERNAL", Optional.of(""))),
                // RFC 3501 §8, a literal login
                row("a001 login {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n", new LoginCommand("a001", "FRED FOOBAR", "fat man")),
                // RFC 7888 §3: non-synchronizing literals
                row("A001 LOGIN {11+}\r\nFRED FOOBAR {7+}\r\nfat man\r\n", new LoginCommand("A001", "FRED FOOBAR", "fat man")),
                row("A001 LOGIN \"FRED FOOBAR\" \"fat man\"\r\n", new LoginCommand("A001", "FRED FOOBAR", "fat man")),
                // RFC 3501 §6.3
                row("A142 SELECT INBOX\r\n", select("A142", CommandKind.SELECT, "INBOX", false, Optional.empty())),
                row("A932 EXAMINE blurdybloop\r\n",
                        select("A932", CommandKind.EXAMINE, "blurdybloop", false, Optional.empty())),
                row("A003 CREATE owatagusiam/\r\n", new CreateCommand("A003", "owatagusiam/", List.of())),
                row("A683 DELETE blurdybloop\r\n", new MailboxCommand("A683", CommandKind.DELETE, "blurdybloop")),
                row("A685 RENAME blurdybloop sarasoop\r\n", new RenameCommand("A685", "blurdybloop", "sarasoop")),
                row("A002 SUBSCRIBE #news.comp.mail.mime\r\n",
                        new MailboxCommand("A002", CommandKind.SUBSCRIBE, "#news.comp.mail.mime")),
                row("A002 UNSUBSCRIBE #news.comp.mail.mime\r\n",
                        new MailboxCommand("A002", CommandKind.UNSUBSCRIBE, "#news.comp.mail.mime")),
                row("A101 LIST \"\" \"\"\r\n", list("A101", "", List.of(""), Set.of(), Set.of(), List.of())),
                row("A202 LIST ~/Mail/ %\r\n", list("A202", "~/Mail/", List.of("%"), Set.of(), Set.of(), List.of())),
                row("A682 LIST \"\" *\r\n", list("A682", "", List.of("*"), Set.of(), Set.of(), List.of())),
                row("A002 LSUB \"#news.\" \"comp.mail.*\"\r\n", new LsubCommand("A002", "#news.", "comp.mail.*")),
                row("A042 STATUS blurdybloop (UIDNEXT MESSAGES)\r\n",
                        new StatusCommand("A042", "blurdybloop", List.of(StatusItem.UIDNEXT, StatusItem.MESSAGES))),
                // RFC 3501 §6.4
                row("FXXZ CHECK\r\n", new NoArgumentsCommand("FXXZ", CommandKind.CHECK)),
                row("A341 CLOSE\r\n", new NoArgumentsCommand("A341", CommandKind.CLOSE)),
                row("A202 EXPUNGE\r\n", new ExpungeCommand("A202", Optional.empty())),
                row("A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n",
                        search("A282", CommandKind.SEARCH, Optional.empty(), Optional.empty(), flaggedSinceNotSmith())),
                row("A283 SEARCH TEXT \"string not in mailbox\"\r\n", search("A283", CommandKind.SEARCH,
                        Optional.empty(), Optional.empty(), new SearchKey.Text("string not in mailbox"))),
                row("A284 SEARCH CHARSET UTF-8 TEXT {6}\r\nXXXXXX\r\n", search("A284", CommandKind.SEARCH,
                        Optional.empty(), Optional.of("UTF-8"), new SearchKey.Text("XXXXXX"))),
                row("A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])\r\n", fetch("A654", CommandKind.FETCH,
                        set(range(2, 4)), List.of(Simple.FLAGS, new BodySection(false,
                                new Section(List.of(), SectionText.HEADER_FIELDS, List.of("DATE", "FROM")),
                                Optional.empty())), OptionalLong.empty(), false)),
                row("A003 STORE 2:4 +FLAGS (\\Deleted)\r\n", new StoreCommand("A003", CommandKind.STORE, set(range(2, 4)),
                        OptionalLong.empty(), StoreCommand.Operation.ADD, false, List.of(Flag.DELETED))),
                row("A003 COPY 2:4 MEETING\r\n", new CopyCommand("A003", CommandKind.COPY, set(range(2, 4)), "MEETING")),
                row("A999 UID FETCH 4827313:4828442 FLAGS\r\n", fetch("A999", CommandKind.UID_FETCH,
                        set(range(4827313, 4828442)), List.of(Simple.FLAGS), OptionalLong.empty(), false)),
                // RFC 3501 §8
                row("a003 fetch 12 full\r\n", fetch("a003", CommandKind.FETCH, set(one(12)), List.of(Simple.FLAGS,
                        Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY), OptionalLong.empty(), false)),
                row("a004 fetch 12 body[header]\r\n", fetch("a004", CommandKind.FETCH, set(one(12)),
                        List.of(new BodySection(false, new Section(List.of(), SectionText.HEADER, List.of()),
                                Optional.empty())), OptionalLong.empty(), false)),
                row("a005 store 12 +flags \\deleted\r\n", new StoreCommand("a005", CommandKind.STORE, set(one(12)),
                        OptionalLong.empty(), StoreCommand.Operation.ADD, false, List.of(Flag.DELETED))),
                // RFC 9051 §6.3.12 and §6.4.4
                row("A005 NAMESPACE\r\n", new NoArgumentsCommand("A005", CommandKind.NAMESPACE)),
                row("A342 UNSELECT\r\n", new NoArgumentsCommand("A342", CommandKind.UNSELECT)),
                row("A285 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n",
                        search("A285", CommandKind.SEARCH, Optional.of(Set.of(SearchReturn.MIN, SearchReturn.COUNT)),
                                Optional.empty(), flaggedSinceNotSmith())),
                row("A301 SEARCH RETURN () FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n",
                        search("A301", CommandKind.SEARCH, Optional.of(Set.of()), Optional.empty(), flaggedSinceNotSmith())),
                row("A284 SEARCH CHARSET UTF-8 TEXT {12}\r\n\u043e\u0442\u043f\u0443\u0441\u043a\r\n", search("A284",
                        CommandKind.SEARCH, Optional.empty(), Optional.of("UTF-8"),
                        new SearchKey.Text("\u043e\u0442\u043f\u0443\u0441\u043a"))),
                row("A003 MOVE 2:4 MEETING\r\n", new CopyCommand("A003", CommandKind.MOVE, set(range(2, 4)), "MEETING")),
                // RFC 5182 §2.4: SEARCHRES
                row("A282 SEARCH RETURN (SAVE) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n",
                        search("A282", CommandKind.SEARCH, Optional.of(Set.of(SearchReturn.SAVE)), Optional.empty(),
                                flaggedSinceNotSmith())),
                row("A283 FETCH $ (UID INTERNALDATE FLAGS RFC822.HEADER)\r\n", fetch("A283", CommandKind.FETCH,
                        SequenceSet.SAVED, List.of(Simple.UID, Simple.INTERNALDATE, Simple.FLAGS, Simple.RFC822_HEADER),
                        OptionalLong.empty(), false)),
                row("A300 SEARCH RETURN (SAVE) 1:5 $\r\n", search("A300", CommandKind.SEARCH,
                        Optional.of(Set.of(SearchReturn.SAVE)), Optional.empty(), new SearchKey.And(List.of(
                                new SearchKey.Sequence(set(range(1, 5))), new SearchKey.Sequence(SequenceSet.SAVED))))),
                // RFC 4315 §2.1 and RFC 6851 §4
                row("A003 UID EXPUNGE 3000:3002\r\n", new ExpungeCommand("A003", Optional.of(set(range(3000, 3002))))),
                row("a UID MOVE 42:69 foo\r\n", new CopyCommand("a", CommandKind.UID_MOVE, set(range(42, 69)), "foo")),
                // RFC 7162 §3
                row("a103 SELECT INBOX (CONDSTORE)\r\n", select("a103", CommandKind.SELECT, "INBOX", true, Optional.empty())),
                row("a105 UID STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)\r\n",
                        new StoreCommand("a105", CommandKind.UID_STORE, set(one(7), one(5), one(9)),
                                OptionalLong.of(320162338), StoreCommand.Operation.ADD, true, List.of(Flag.DELETED))),
                row("s100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n", fetch("s100", CommandKind.UID_FETCH, ALL_FROM_1,
                        List.of(Simple.FLAGS), OptionalLong.of(12345), false)),
                row("s100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)\r\n", fetch("s100",
                        CommandKind.UID_FETCH, set(range(300, 500)), List.of(Simple.FLAGS), OptionalLong.of(12345), true)),
                row("a FETCH 1:* (MODSEQ)\r\n", fetch("a", CommandKind.FETCH, ALL_FROM_1, List.of(Simple.MODSEQ),
                        OptionalLong.empty(), false)),
                row("a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338\r\n", search("a", CommandKind.SEARCH,
                        Optional.empty(), Optional.empty(), new SearchKey.ModSeq(Optional.of(
                                new SearchKey.Entry("\\draft", SearchKey.EntryType.ALL)), 620162338))),
                row("t SEARCH OR NOT MODSEQ 720162338 LARGER 50000 UNSEEN\r\n", search("t", CommandKind.SEARCH,
                        Optional.empty(), Optional.empty(), new SearchKey.And(List.of(new SearchKey.Or(
                                new SearchKey.Not(new SearchKey.ModSeq(Optional.empty(), 720162338)),
                                new SearchKey.Size(true, 50000)), new SearchKey.HasFlag(Flag.SEEN, false))))),
                row("A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))\r\n",
                        select("A02", CommandKind.SELECT, "INBOX", false, Optional.of(new SelectCommand.Qresync(67890007L,
                                20050715194045000L, Optional.of(set(one(41), range(43, 211), range(214, 541))),
                                Optional.empty())))),
                row("B04 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 "
                        + "15000,22500,27000,29970,29973,29975:29977,29980:29999)))\r\n",
                        select("B04", CommandKind.SELECT, "INBOX", false, Optional.of(new SelectCommand.Qresync(67890007L,
                                90060115194045000L, Optional.of(set(range(1, 29997))),
                                Optional.of(new SelectCommand.SequenceMatch(
                                        set(one(5000), one(7500), one(9000), range(9990, 9999)),
                                        set(one(15000), one(22500), one(27000), one(29970), one(29973),
                                                range(29975, 29977), range(29980, 29999)))))))),
                row("A03 EXAMINE INBOX (QRESYNC (67890007 90060115194045000 (1,3 10,30)))\r\n",
                        select("A03", CommandKind.EXAMINE, "INBOX", false, Optional.of(new SelectCommand.Qresync(67890007L,
                                90060115194045000L, Optional.empty(), Optional.of(new SelectCommand.SequenceMatch(
                                        set(one(1), one(3)), set(one(10), one(30)))))))),
                // RFC 5161 §4, RFC 6855 §3
                row("t2 ENABLE CONDSTORE X-GOOD-IDEA\r\n", new EnableCommand("t2", List.of("CONDSTORE", "X-GOOD-IDEA"))),
                row("a ENABLE UTF8=ACCEPT\r\n", new EnableCommand("a", List.of("UTF8=ACCEPT"))),
                // RFC 2971 §4, RFC 2177 §3
                row("a023 ID (\"name\" \"sodr\" \"version\" \"19.34\" \"vendor\" \"Pink Floyd Music Limited\")\r\n",
                        new IdCommand("a023", List.of(field("name", "sodr"), field("version", "19.34"),
                                field("vendor", "Pink Floyd Music Limited")))),
                row("a042 ID NIL\r\n", new IdCommand("a042", List.of())),
                row("a ID (\"os\" NIL)\r\n", new IdCommand("a", List.of(new IdCommand.Field("os", Optional.empty())))),
                row("A001 IDLE\r\n", new NoArgumentsCommand("A001", CommandKind.IDLE)),
                // RFC 5258 §5 LIST-EXTENDED, RFC 6154 §5 SPECIAL-USE, RFC 5819 §4 LIST-STATUS
                row("A02 LIST (SUBSCRIBED) \"\" \"*\"\r\n",
                        list("A02", "", List.of("*"), Set.of(ListCommand.Selection.SUBSCRIBED), Set.of(), List.of())),
                row("A03 LIST () \"\" \"%\" RETURN (CHILDREN)\r\n",
                        list("A03", "", List.of("%"), Set.of(), Set.of(ListCommand.Return.CHILDREN), List.of())),
                row("A04 LIST (REMOTE) \"\" \"%\" RETURN (CHILDREN)\r\n", list("A04", "", List.of("%"),
                        Set.of(ListCommand.Selection.REMOTE), Set.of(ListCommand.Return.CHILDREN), List.of())),
                row("A06 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\" RETURN (CHILDREN)\r\n", list("A06", "", List.of("%"),
                        Set.of(ListCommand.Selection.SUBSCRIBED, ListCommand.Selection.RECURSIVEMATCH),
                        Set.of(ListCommand.Return.CHILDREN), List.of())),
                row("BBB LIST \"\" (\"INBOX\" \"Drafts\" \"Sent/%\")\r\n",
                        list("BBB", "", List.of("INBOX", "Drafts", "Sent/%"), Set.of(), Set.of(), List.of())),
                row("t3 LIST (SPECIAL-USE) \"\" \"*\"\r\n",
                        list("t3", "", List.of("*"), Set.of(ListCommand.Selection.SPECIAL_USE), Set.of(), List.of())),
                row("t1 LIST \"\" \"%\" RETURN (SPECIAL-USE)\r\n",
                        list("t1", "", List.of("%"), Set.of(), Set.of(ListCommand.Return.SPECIAL_USE), List.of())),
                row("t1 CREATE \"Important Messages\" (USE (\\Flagged))\r\n",
                        new CreateCommand("t1", "Important Messages", List.of("\\Flagged"))),
                row("A01 LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))\r\n", list("A01", "", List.of("%"), Set.of(),
                        Set.of(ListCommand.Return.STATUS), List.of(StatusItem.MESSAGES, StatusItem.UNSEEN))),
                // RFC 9051 §6.3.11, RFC 7162 §3.1.2, RFC 7889 §3, RFC 8474 §4
                row("A043 STATUS blurdybloop (UIDNEXT MESSAGES SIZE DELETED HIGHESTMODSEQ APPENDLIMIT MAILBOXID)\r\n",
                        new StatusCommand("A043", "blurdybloop", List.of(StatusItem.UIDNEXT, StatusItem.MESSAGES,
                                StatusItem.SIZE, StatusItem.DELETED, StatusItem.HIGHESTMODSEQ, StatusItem.APPENDLIMIT,
                                StatusItem.MAILBOXID))),
                // RFC 8474 §5, RFC 8514 §4, RFC 8970 §3
                row("5 FETCH 1:* (EMAILID THREADID SAVEDATE)\r\n", fetch("5", CommandKind.FETCH, ALL_FROM_1,
                        List.of(Simple.EMAILID, Simple.THREADID, Simple.SAVEDATE), OptionalLong.empty(), false)),
                row("27 SEARCH EMAILID M6d99ac3275bb4e\r\n", search("27", CommandKind.SEARCH, Optional.empty(),
                        Optional.empty(), new SearchKey.EmailId("M6d99ac3275bb4e"))),
                row("28 UID SEARCH THREADID T64b478a75b7ea9\r\n", search("28", CommandKind.UID_SEARCH, Optional.empty(),
                        Optional.empty(), new SearchKey.ThreadId("T64b478a75b7ea9"))),
                row("a FETCH 1 (PREVIEW)\r\n", fetch("a", CommandKind.FETCH, set(one(1)), List.of(new Preview(false)),
                        OptionalLong.empty(), false)),
                row("b FETCH 1:3 (UID PREVIEW (LAZY) FLAGS)\r\n", fetch("b", CommandKind.FETCH, set(range(1, 3)),
                        List.of(Simple.UID, new Preview(true), Simple.FLAGS), OptionalLong.empty(), false)),
                // RFC 3516 §4
                row("t FETCH 1 (BINARY.PEEK[1.2]<0.100> BINARY.SIZE[3] BINARY[])\r\n", fetch("t", CommandKind.FETCH,
                        set(one(1)), List.of(new Binary(true, List.of(1, 2), Optional.of(new Partial(0, 100))),
                                new BinarySize(List.of(3)), new Binary(false, List.of(), Optional.empty())),
                        OptionalLong.empty(), false)),
                // RFC 5256 §5, RFC 5267 §3
                row("A282 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994\r\n", new SortCommand("A282", CommandKind.SORT,
                        Optional.empty(), List.of(new Criterion(SortKey.SUBJECT, false)), "UTF-8",
                        new SearchKey.OnDate(DateField.INTERNAL, DateRelation.SINCE, LocalDate.of(1994, 2, 1)))),
                row("C283 SORT (SUBJECT REVERSE DATE) UTF-8 ALL\r\n", new SortCommand("C283", CommandKind.SORT,
                        Optional.empty(), List.of(new Criterion(SortKey.SUBJECT, false), new Criterion(SortKey.DATE, true)),
                        "UTF-8", new SearchKey.All())),
                row("D283 SORT (SUBJECT) US-ASCII TEXT \"not in mailbox\"\r\n", new SortCommand("D283", CommandKind.SORT,
                        Optional.empty(), List.of(new Criterion(SortKey.SUBJECT, false)), "US-ASCII",
                        new SearchKey.Text("not in mailbox"))),
                row("A283 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000\r\n", new ThreadCommand("A283",
                        CommandKind.THREAD, ThreadCommand.Algorithm.ORDEREDSUBJECT, "UTF-8",
                        new SearchKey.OnDate(DateField.INTERNAL, DateRelation.SINCE, LocalDate.of(2000, 3, 5)))),
                row("A284 THREAD REFERENCES US-ASCII TEXT \"gewp\"\r\n", new ThreadCommand("A284", CommandKind.THREAD,
                        ThreadCommand.Algorithm.REFERENCES, "US-ASCII", new SearchKey.Text("gewp"))),
                row("A301 UID SORT RETURN (MIN MAX) (DATE) UTF-8 UNDELETED UNKEYWORD $Junk\r\n", new SortCommand("A301",
                        CommandKind.UID_SORT, Optional.of(Set.of(SearchReturn.MIN, SearchReturn.MAX)),
                        List.of(new Criterion(SortKey.DATE, false)), "UTF-8", new SearchKey.And(List.of(
                                new SearchKey.HasFlag(Flag.DELETED, false),
                                new SearchKey.HasFlag(Flag.parse("$Junk"), false))))),
                // RFC 9208 §4, RFC 4978 §3
                row("G0001 GETQUOTA \"!partition/sda4\"\r\n",
                        new MailboxCommand("G0001", CommandKind.GETQUOTA, "!partition/sda4")),
                row("A003 GETQUOTAROOT INBOX\r\n", new MailboxCommand("A003", CommandKind.GETQUOTAROOT, "INBOX")),
                row("a COMPRESS DEFLATE\r\n", new CompressCommand("a", "DEFLATE")));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void parses(String input, ImapCommand expected) {
        assertThat(Parse.command(input)).isEqualTo(expected);
    }

    private static Arguments row(String input, ImapCommand expected) {
        return Arguments.of(input, expected);
    }

    private static SearchKey flaggedSinceNotSmith() {
        return new SearchKey.And(List.of(new SearchKey.HasFlag(Flag.FLAGGED, true),
                new SearchKey.OnDate(DateField.INTERNAL, DateRelation.SINCE, LocalDate.of(1994, 2, 1)),
                new SearchKey.Not(new SearchKey.Header("FROM", "Smith"))));
    }

    private static SelectCommand select(String tag, CommandKind kind, String mailbox, boolean condstore,
            Optional<SelectCommand.Qresync> qresync) {
        return new SelectCommand(tag, kind, mailbox, condstore, qresync);
    }

    private static ListCommand list(String tag, String reference, List<String> patterns,
            Set<ListCommand.Selection> selection, Set<ListCommand.Return> returns, List<StatusItem> items) {
        return new ListCommand(tag, reference, patterns, selection, returns, items);
    }

    private static SearchCommand search(String tag, CommandKind kind, Optional<Set<SearchReturn>> returns,
            Optional<String> charset, SearchKey key) {
        return new SearchCommand(tag, kind, returns, charset, key);
    }

    private static FetchCommand fetch(String tag, CommandKind kind, SequenceSet messages,
            List<FetchAttribute> attributes, OptionalLong changedSince, boolean vanished) {
        return new FetchCommand(tag, kind, messages, attributes, changedSince, vanished);
    }

    private static IdCommand.Field field(String name, String value) {
        return new IdCommand.Field(name, Optional.of(value));
    }
}
