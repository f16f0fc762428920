package io.mailfleet.imap.session;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import io.mailfleet.imap.command.CopyCommand;
import io.mailfleet.imap.command.FetchAttribute;
import io.mailfleet.imap.command.FetchCommand;
import io.mailfleet.imap.command.ListCommand;
import io.mailfleet.imap.command.StoreCommand;
import io.mailfleet.imap.response.FetchItem;
import io.mailfleet.imap.response.FetchResponse;
import io.mailfleet.imap.response.MailboxData;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.selected.SelectedMailbox;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.UidValidity;

/**
 * A store of one user ({@code mrc}, password {@code secret}) with an INBOX of 18 messages, UIDs 1 to 18, the
 * last two recent and 17 the first unseen, as in the sample dialogues of RFC 3501 §8 and RFC 9051 §8. It
 * answers only what the tests ask of it.
 */
final class FakeStore {

    static final String ENVELOPE = "(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" "
            + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
            + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) "
            + "((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL "
            + "\"<B27397-0100000@cac.washington.edu>\")";
    static final String BODY = "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92)";
    static final String HEADER = "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\nSubject: IMAP4rev1 WG mtg summary\r\n\r\n";

    final Map<Long, Flags> flags = new HashMap<>();
    /** The mailboxes SELECT opens, each with the messages of INBOX. */
    final Set<String> mailboxes = new HashSet<>(Set.of("INBOX"));
    long uidNext = 19;

    FakeStore() {
        for (long uid = 1; uid <= 18; uid++) {
            flags.put(uid, uid >= 17 ? Flags.EMPTY : Flags.of(Flag.SEEN));
        }
    }

    Answer answer(Question question) {
        if (question instanceof Question.Authenticate login) {
            if (login.user().equals("busy")) {
                return new Answer.TooManySessions();
            }
            return login.user().equals("mrc") && login.password().equals("secret")
                    ? new Answer.Authenticated("mrc") : new Answer.Rejected();
        }
        if (question instanceof Question.Select select) {
            return select(select);
        }
        if (question instanceof Question.AppendMessage message) {
            return message.mailbox().equals("INBOX") ? new Answer.Proceed()
                    : Answer.Completed.no(ResponseCode.Simple.TRYCREATE, "No such mailbox");
        }
        if (question instanceof Question.AppendCommit commit) {
            long first = uidNext;
            uidNext += commit.messages();
            return new Answer.Completed(List.of(), io.mailfleet.imap.response.StatusResponse.Condition.OK,
                    new ResponseCode.AppendUid(3857529045L, io.mailfleet.imap.response.NumberSet.range(first, uidNext - 1)),
                    "APPEND completed");
        }
        Question.Execute execute = (Question.Execute) question;
        if (execute.command() instanceof FetchCommand fetch) {
            return fetch(fetch, execute);
        }
        if (execute.command() instanceof StoreCommand store) {
            return store(store, execute);
        }
        if (execute.command() instanceof CopyCommand move && move.kind().mayExpunge()) {
            for (long uid : execute.uids()) {
                execute.context().selected().expunged(uid, 0);
            }
            return Answer.Completed.ok(List.of(), "MOVE completed");
        }
        if (execute.command() instanceof ListCommand) {
            return Answer.Completed.ok(List.of(MailboxData.Listed.list(List.of("\\HasNoChildren"), "INBOX")),
                    "LIST completed");
        }
        return Answer.Completed.ok(List.of(), execute.command().kind().wireName() + " completed");
    }

    private Answer select(Question.Select select) {
        // Names are kept in NFC, as the gateway's store keeps them: "Cafe\u0301" opens "Café".
        String name = Normalizer.normalize(select.mailbox(), Normalizer.Form.NFC);
        if (!mailboxes.contains(name)) {
            return Answer.Completed.no(ResponseCode.Simple.NONEXISTENT, "No such mailbox");
        }
        long[] uids = new long[18];
        for (int i = 0; i < uids.length; i++) {
            uids[i] = i + 1;
        }
        SelectedMailbox mailbox = new SelectedMailbox(name, UidValidity.of(3857529045L),
                select.command().readOnly(), uids, new long[] {17, 18}, OptionalLong.of(90060115194045000L));
        return new Answer.Selected(mailbox, List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"),
                List.of("\\Deleted", "\\Seen", "\\*"), uidNext, OptionalLong.of(17), null, List.of());
    }

    private Answer fetch(FetchCommand fetch, Question.Execute execute) {
        SelectedMailbox mailbox = execute.context().selected();
        List<Response> responses = new ArrayList<>();
        for (long uid : execute.uids()) {
            List<FetchItem> items = new ArrayList<>();
            for (FetchAttribute attribute : fetch.attributes()) {
                items.add(item(attribute, uid, mailbox, execute.context().imap4rev2()));
            }
            responses.add(new FetchResponse(mailbox.messages().msn(uid), items));
        }
        return Answer.Completed.ok(responses, "FETCH completed");
    }

    private FetchItem item(FetchAttribute attribute, long uid, SelectedMailbox mailbox, boolean rev2) {
        if (attribute instanceof FetchAttribute.BodySection section
                && section.section().text() == FetchAttribute.SectionText.HEADER) {
            return FetchItem.BodySection.body("HEADER", OptionalLong.empty(), HEADER.length());
        }
        switch ((FetchAttribute.Simple) attribute) {
            case FLAGS:
                return new FetchItem.Flags(flags.get(uid), !rev2 && mailbox.isRecent(uid));
            case INTERNALDATE:
                return new FetchItem.InternalDate(OffsetDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHours(-7)));
            case RFC822_SIZE:
                return FetchItem.Number.size(4286);
            case ENVELOPE:
                return new FetchItem.Rendered("ENVELOPE", ENVELOPE);
            case BODY:
                return new FetchItem.Rendered("BODY", BODY);
            case UID:
                return FetchItem.Number.uid(uid);
            case MODSEQ:
                return new FetchItem.ModSeq(90060115194045000L);
            default:
                throw new IllegalArgumentException("the fake store does not fetch " + attribute);
        }
    }

    private Answer store(StoreCommand store, Question.Execute execute) {
        for (long uid : execute.uids()) {
            Flags changed = Flags.of(store.flags());
            Flags now = switch (store.operation()) {
                case ADD -> flags.get(uid).with(changed);
                case REMOVE -> flags.get(uid).without(changed);
                case REPLACE -> changed;
            };
            flags.put(uid, now);
            if (!store.silent()) {
                execute.context().selected().flagsChanged(uid, now, 0);
            }
        }
        String verb = switch (store.operation()) {
            case ADD -> "+FLAGS";
            case REMOVE -> "-FLAGS";
            case REPLACE -> "FLAGS";
        };
        return Answer.Completed.ok(List.of(), verb + " completed");
    }

    byte[] body(long uid, FetchItem.BodySection section) {
        return HEADER.getBytes(StandardCharsets.US_ASCII);
    }
}
