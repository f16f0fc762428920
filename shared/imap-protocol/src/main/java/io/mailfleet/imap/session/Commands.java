package io.mailfleet.imap.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mailfleet.imap.command.AuthenticateCommand;
import io.mailfleet.imap.command.CompressCommand;
import io.mailfleet.imap.command.CopyCommand;
import io.mailfleet.imap.command.EnableCommand;
import io.mailfleet.imap.command.ExpungeCommand;
import io.mailfleet.imap.command.FetchAttribute;
import io.mailfleet.imap.command.FetchCommand;
import io.mailfleet.imap.command.ImapCommand;
import io.mailfleet.imap.command.LoginCommand;
import io.mailfleet.imap.command.SearchCommand;
import io.mailfleet.imap.command.SearchingCommand;
import io.mailfleet.imap.command.SelectCommand;
import io.mailfleet.imap.command.SequenceSet;
import io.mailfleet.imap.command.StatusCommand;
import io.mailfleet.imap.command.StatusItem;
import io.mailfleet.imap.command.StoreCommand;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.ServerData;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.wire.ImapSyntaxException;

/**
 * What each command does once it is legal in the session's state: the session answers those that need
 * no store itself and asks the gateway the others.
 */
final class Commands {

    private Commands() {
    }

    static void run(ImapSession session, ImapCommand command, List<Effect> out) {
        String tag = command.tag();
        if (usesModSeq(command) && Capabilities.enableable(session.settings(), "CONDSTORE")) {
            // RFC 7162 §3.1: a CONDSTORE enabling command turns it on for the rest of the connection, as ENABLE does.
            session.enabled().add("CONDSTORE");
        }
        switch (command.kind()) {
            case CAPABILITY -> {
                session.write(out, new ServerData.Capability(session.capabilities()));
                session.finish(out, StatusResponse.ok(tag, "CAPABILITY completed"));
            }
            case NOOP, CHECK -> {
                if (session.selected().isPresent()) {
                    // The gateway reads what changed in the mailbox meanwhile: NOOP is how clients poll (RFC 9051 §6.1.2).
                    execute(session, command, out);
                } else {
                    session.finish(out, StatusResponse.ok(tag, command.kind().wireName() + " completed"));
                }
            }
            case LOGOUT -> session.logout(tag, out);
            case ID -> {
                session.write(out, new ServerData.Id(Map.of("name", "mailfleet")));
                session.finish(out, StatusResponse.ok(tag, "ID completed"));
            }
            case NAMESPACE -> {
                session.write(out, new ServerData.Namespaces(List.of(new ServerData.Namespace("")), List.of(),
                        List.of()));
                session.finish(out, StatusResponse.ok(tag, "NAMESPACE completed"));
            }
            case STARTTLS -> startTls(session, tag, out);
            case LOGIN -> session.authentication().login((LoginCommand) command, out);
            case AUTHENTICATE -> session.authentication().authenticate((AuthenticateCommand) command, out);
            case ENABLE -> enable(session, (EnableCommand) command, out);
            case IDLE -> session.startIdle(tag, out);
            case SELECT, EXAMINE -> Selection.select(session, (SelectCommand) command, out);
            case UNSELECT -> {
                session.select(null);
                session.write(out, StatusResponse.ok(tag, "UNSELECT completed"));
            }
            case COMPRESS -> compress(session, (CompressCommand) command, out);
            default -> execute(session, command, out);
        }
    }

    private static void startTls(ImapSession session, String tag, List<Effect> out) {
        if (session.tls() || !session.settings().startTlsOffered()) {
            session.bad(out, tag, "STARTTLS is not available");
            return;
        }
        session.write(out, StatusResponse.ok(tag, "Begin TLS negotiation now"));
        session.startTls(out);
    }

    /** RFC 4978 §3: DEFLATE once per connection, where the service offers it. */
    private static void compress(ImapSession session, CompressCommand command, List<Effect> out) {
        if (!session.settings().extensions().contains("COMPRESS=DEFLATE")) {
            session.write(out, StatusResponse.no(command.tag(), "COMPRESS is not offered"));
        } else if (session.compressing()) {
            session.write(out, StatusResponse.tagged(command.tag(), StatusResponse.Condition.NO,
                    ResponseCode.Simple.COMPRESSIONACTIVE, "DEFLATE is active already"));
        } else if (!command.algorithm().equals("DEFLATE")) {
            session.write(out, StatusResponse.no(command.tag(), "Only DEFLATE is offered"));
        } else {
            session.write(out, StatusResponse.ok(command.tag(), "DEFLATE active"));
            session.startCompression(out);
        }
    }

    /** RFC 5161: turns on what is asked and known, and reports what was off before. */
    private static void enable(ImapSession session, EnableCommand command, List<Effect> out) {
        List<String> newly = new ArrayList<>();
        for (String asked : command.capabilities()) {
            for (String known : Capabilities.ENABLEABLE) {
                if (known.equalsIgnoreCase(asked) && Capabilities.enableable(session.settings(), known)
                        && session.enabled().add(known)) {
                    newly.add(known);
                }
            }
        }
        if (session.enabled().contains("QRESYNC")) {
            // RFC 7162 §3.2.3: QRESYNC implies CONDSTORE.
            session.enabled().add("CONDSTORE");
        }
        if (session.utf8()) {
            session.reader().enableUtf8();
        }
        session.write(out, new ServerData.Enabled(newly));
        session.finish(out, StatusResponse.ok(command.tag(), "ENABLE completed"));
    }

    /** FETCH MODSEQ or CHANGEDSINCE, STORE UNCHANGEDSINCE, SEARCH MODSEQ, STATUS HIGHESTMODSEQ. */
    private static boolean usesModSeq(ImapCommand command) {
        if (command instanceof FetchCommand fetch) {
            return fetch.changedSince().isPresent() || fetch.attributes().contains(FetchAttribute.Simple.MODSEQ);
        }
        if (command instanceof StoreCommand store) {
            return store.unchangedSince().isPresent();
        }
        if (command instanceof SearchingCommand search) {
            return search.key().usesModSeq();
        }
        return command instanceof StatusCommand status && status.items().contains(StatusItem.HIGHESTMODSEQ);
    }

    /** Every other command is the gateway's, with its message set resolved to UIDs. */
    private static void execute(ImapSession session, ImapCommand asked, List<Effect> out) {
        ImapCommand command = asked instanceof SearchCommand search && session.reporting().imap4rev2()
                ? search.answeredByEsearch() : asked;
        SequenceSet set = messageSet(command);
        long[] uids = null;
        if (set != null && set.saved()) {
            uids = session.selected().orElseThrow().savedSearchResult();
        } else if (set != null) {
            try {
                uids = MessageSets.uids(set, session.selected().orElseThrow().messages(), command.kind().isUid());
            } catch (ImapSyntaxException e) {
                session.bad(out, command.tag(), e.getMessage());
                return;
            }
        }
        session.ask(new Question.Execute(command, uids, session.context()), command, out);
    }

    private static SequenceSet messageSet(ImapCommand command) {
        if (command instanceof FetchCommand fetch) {
            return fetch.messages();
        }
        if (command instanceof StoreCommand store) {
            return store.messages();
        }
        if (command instanceof CopyCommand copy) {
            return copy.messages();
        }
        if (command instanceof ExpungeCommand expunge) {
            return expunge.uids().orElse(null);
        }
        return null;
    }
}
