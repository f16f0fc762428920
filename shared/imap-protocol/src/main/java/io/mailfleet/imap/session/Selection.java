package io.mailfleet.imap.session;

import java.util.List;

import io.mailfleet.imap.command.SelectCommand;
import io.mailfleet.imap.response.MailboxData;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.response.StatusResponse.Condition;
import io.mailfleet.imap.selected.Reporting;
import io.mailfleet.imap.selected.SelectedMailbox;

/** SELECT and EXAMINE (RFC 9051 §6.3.2 and §6.3.3, with CONDSTORE and QRESYNC of RFC 7162). */
final class Selection {

    private Selection() {
    }

    /** SELECT and EXAMINE: the old selection ends at once, and the store opens the new one. */
    static void select(ImapSession session, SelectCommand command, List<Effect> out) {
        if (session.selected().isPresent()) {
            session.select(null);
            // RFC 7162 §3.2.11 and RFC 9051 §6.3.2: tell where the old mailbox's responses end.
            if (session.reporting().qresync() || session.reporting().imap4rev2()) {
                session.write(out, StatusResponse.untagged(Condition.OK, ResponseCode.Simple.CLOSED,
                        "Previous mailbox is now closed"));
            }
        }
        if (command.qresync().isPresent() && !session.reporting().qresync()) {
            session.bad(out, command.tag(), "QRESYNC is not enabled");
            return;
        }
        if (command.condstore()) {
            session.enabled().add("CONDSTORE");
        }
        String mailbox;
        try {
            mailbox = Question.decodeMailbox(command.mailbox(), session.utf8());
        } catch (IllegalArgumentException e) {
            session.write(out, StatusResponse.tagged(command.tag(), Condition.NO, ResponseCode.Simple.NONEXISTENT,
                    "No such mailbox"));
            return;
        }
        session.ask(new Question.Select(command, mailbox, session.context()), command, out);
    }

    /**
     * RFC 9051 §6.3.2: an IMAP4rev2 SELECT or EXAMINE answers a LIST of the mailbox (its attributes may be left
     * out), and when the store keeps the name in another form than the client sent (NFC), the name sent as
     * OLDNAME: that LIST MUST then come, so the client learns the name the mailbox is listed under.
     */
    private static MailboxData.Listed listed(String asked, String kept) {
        return new MailboxData.Listed(false, List.of(), kept, List.of(), asked.equals(kept) ? null : asked);
    }

    /** The store's answer: the responses RFC 9051 §6.3.2 lists (and RFC 3501 §6.3.1 for IMAP4rev1), then OK. */
    static void answered(ImapSession session, Question.Select question, Answer answer, List<Effect> out) {
        if (answer instanceof Answer.Completed completed) {
            session.write(out, ImapSession.status(question.command().tag(), completed.condition(), completed.code(), completed.text()));
            return;
        }
        Answer.Selected opened = (Answer.Selected) answer;
        SelectedMailbox mailbox = opened.mailbox();
        Reporting reporting = session.reporting();
        session.write(out, new MailboxData.Flags(opened.flags()));
        session.write(out, new MailboxData.Exists(mailbox.messages().size()));
        if (!reporting.imap4rev2()) {
            session.write(out, new MailboxData.Recent(mailbox.recentCount()));
            if (opened.firstUnseen().isPresent()) {
                session.write(out, StatusResponse.untagged(Condition.OK,
                        ResponseCode.Number.unseen(opened.firstUnseen().getAsLong()), "First unseen"));
            }
        }
        session.write(out, StatusResponse.untagged(Condition.OK,
                ResponseCode.Number.uidValidity(mailbox.uidValidity().value()), "UIDs valid"));
        session.write(out, StatusResponse.untagged(Condition.OK, ResponseCode.Number.uidNext(opened.uidNext()),
                "Predicted next UID"));
        session.write(out, StatusResponse.untagged(Condition.OK,
                new ResponseCode.PermanentFlags(mailbox.readOnly() ? List.of() : opened.permanentFlags()), "Flags"));
        // RFC 7162 §3.1.2.1: a server offering CONDSTORE sends HIGHESTMODSEQ on every successful SELECT and EXAMINE.
        if (reporting.condstore() || Capabilities.enableable(session.settings(), "CONDSTORE")) {
            session.write(out, mailbox.highestModSeq().isPresent()
                    ? StatusResponse.untagged(Condition.OK,
                            ResponseCode.Number.highestModSeq(mailbox.highestModSeq().getAsLong()), "Highest")
                    : StatusResponse.untagged(Condition.OK, ResponseCode.Simple.NOMODSEQ, "No mod-sequences"));
        }
        if (opened.mailboxId() != null) {
            session.write(out, StatusResponse.untagged(Condition.OK, new ResponseCode.MailboxId(opened.mailboxId()), "Ok"));
        }
        if (reporting.imap4rev2()) {
            session.write(out, listed(question.mailbox(), mailbox.name()));
        }
        opened.untagged().forEach(response -> session.write(out, response));
        session.select(mailbox);
        String verb = question.command().kind().wireName();
        session.write(out, StatusResponse.tagged(question.command().tag(), Condition.OK,
                mailbox.readOnly() ? ResponseCode.Simple.READ_ONLY : ResponseCode.Simple.READ_WRITE,
                verb + " completed"));
    }
}
