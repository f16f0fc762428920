package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.SelectCommand;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.selected.SelectedMailbox;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.imap.session.Question;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MailboxSnapshot;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.ReopenedSince;
import io.mailfleet.store.mailbox.SnapshotWithUnseen;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * SELECT and EXAMINE (RFC 9051 §6.3.2-6.3.3) from the mailbox's statics and its compact UID list,
 * without reading a message row; no message is {@code \Recent}. An IMAP4rev1 session also gets the
 * {@code [UNSEEN n]} RFC 3501 §6.3.1 requires, found in the store's flag blocks when the counters say
 * there is an unseen message (IMAP4rev2 dropped it, so its sessions pay nothing for it). With QRESYNC
 * (RFC 7162 §3.2.5) it adds what the client missed since its MODSEQ.
 */
public final class SelectProcessor {

    static final List<String> FLAGS = List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft");
    static final List<String> PERMANENT_FLAGS = List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft", "\\*");

    private SelectProcessor() {
    }

    /** The answer, and the selection the gateway keeps beside the session's view when it is one. */
    public record Opened(Answer answer, Selected selected) {
    }

    public static Opened select(Question.Select question, GatewaySession session) {
        Optional<MailboxPath> path = Names.path(question.context(), question.command().mailbox());
        Optional<Mailbox> mailbox = path.flatMap(each -> Names.mailbox(session, each));
        if (mailbox.isEmpty()) {
            return new Opened(Completions.noSuchMailbox(), null);
        }
        MessageRepository messages = session.backends().store().messages();
        // RFC 7162 §3.2.5.1: with another UIDVALIDITY, what the client holds is void, and SELECT answers as without QRESYNC.
        Optional<SelectCommand.Qresync> qresync = question.command().qresync()
                .filter(known -> known.uidValidity() == mailbox.get().uidValidity().value());
        // With QRESYNC the changes the client missed are read with the snapshot, not after it.
        Optional<ReopenedSince> reopened = qresync.map(known -> messages.openSince(mailbox.get().id(), ModSeq.of(known.modSeq())));
        // An IMAP4rev1 session's UNSEEN is read with the snapshot, in the same request, not after it.
        boolean unseenCode = !question.context().imap4rev2();
        Optional<SnapshotWithUnseen> withUnseen = reopened.isEmpty() && unseenCode
                ? Optional.of(messages.openWithFirstUnseen(mailbox.get().id())) : Optional.empty();
        MailboxSnapshot snapshot = reopened.map(ReopenedSince::snapshot)
                .orElseGet(() -> withUnseen.map(SnapshotWithUnseen::snapshot).orElseGet(() -> messages.open(mailbox.get().id())));
        long[] uids = new long[snapshot.uids().size()];
        for (int i = 0; i < uids.length; i++) {
            uids[i] = snapshot.uids().get(i).value();
        }
        long highestModSeq = snapshot.counters().highestModSeq().value();
        SelectedMailbox view = new SelectedMailbox(mailbox.get().path().toString(), mailbox.get().uidValidity(),
                question.command().readOnly(), uids, new long[0], OptionalLong.of(Math.max(1, highestModSeq)));
        long uidNext = snapshot.counters().nextUid().value();
        List<Response> untagged = reopened.isEmpty() ? List.of() : Resync.onSelect(messages, mailbox.get().id(), qresync.get(),
                reopened.get().changes(), view.messages(), highestModSeq, uidNext - 1);
        OptionalLong firstUnseen = !unseenCode || snapshot.counters().unseen() == 0 ? OptionalLong.empty()
                : withUnseen.isPresent() ? msn(withUnseen.get().firstUnseen(), view) : firstUnseen(session, mailbox.get(), view);
        Answer.Selected answer = new Answer.Selected(view, FLAGS, PERMANENT_FLAGS, uidNext, firstUnseen,
                mailbox.get().id().toString(), untagged);
        return new Opened(answer, new Selected(mailbox.get(), view, highestModSeq));
    }

    /**
     * The MSN of the first message without {@code \Seen}, read after the snapshot: a UID the view does
     * not hold (a message appended since) is left out rather than named by a wrong number.
     */
    private static OptionalLong firstUnseen(GatewaySession session, Mailbox mailbox, SelectedMailbox view) {
        return msn(session.backends().store().messages().firstUnseen(mailbox.id()), view);
    }

    /** The MSN of {@code uid} in the view; none when there is no UID or the view does not hold it. */
    private static OptionalLong msn(Optional<Uid> uid, SelectedMailbox view) {
        int msn = uid.map(found -> view.messages().msn(found.value())).orElse(0);
        return msn == 0 ? OptionalLong.empty() : OptionalLong.of(msn);
    }
}
