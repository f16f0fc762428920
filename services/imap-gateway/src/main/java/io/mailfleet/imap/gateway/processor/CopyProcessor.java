package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.CopyCommand;
import io.mailfleet.imap.response.NumberSet;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Copied;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.OverQuotaException;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * COPY, MOVE and their UID forms (RFC 9051 §6.4.7-6.4.8, RFC 6851) with COPYUID (RFC 4315); a COPY
 * past the account's quota copies nothing and answers {@code NO [OVERQUOTA]} (RFC 9208 §4.2). A MOVE's
 * expunges from the selected mailbox reach the client through the resync after it, after the untagged
 * COPYUID that RFC 6851 §4.3 puts first. The target's hints come from what the store says it wrote, so
 * the command reads none of the target's rows.
 */
final class CopyProcessor {

    private CopyProcessor() {
    }

    static Answer.Completed copy(Request request) {
        CopyCommand command = (CopyCommand) request.command();
        Selected selected = request.selected();
        if (command.isMove() && selected.view().readOnly()) {
            return Completions.readOnly();
        }
        Optional<MailboxPath> path = Names.path(request.context(), command.mailbox());
        Optional<Mailbox> target = path.flatMap(each -> Names.mailbox(request.session(), each));
        if (target.isEmpty()) {
            return Completions.no(ResponseCode.Simple.TRYCREATE, "No such mailbox");
        }
        String done = command.kind().wireName() + " completed";
        List<Uid> uids = Arrays.stream(request.uids()).mapToObj(Uid::of).toList();
        if (uids.isEmpty()) {
            return Completions.ok(done);
        }
        MessageRepository messages = request.session().backends().store().messages();
        List<Copied> copied;
        if (command.isMove()) {
            // A move adds nothing to the account: no quota check.
            copied = messages.move(selected.mailbox().id(), target.get().id(), uids);
        } else {
            try {
                copied = request.session().backends().store().appends().copy(selected.mailbox(), target.get(), uids);
            } catch (OverQuotaException e) {
                return Completions.no(ResponseCode.Simple.OVERQUOTA, "Quota exceeded");
            }
        }
        if (copied.isEmpty()) {
            return Completions.no(ResponseCode.Simple.EXPUNGEISSUED, "The messages were expunged meanwhile");
        }
        List<Uid> targetUids = copied.stream().map(Copied::target).toList();
        Events.copied(request.session().backends().events(), target.get(), copied);
        if (command.isMove()) {
            List<Uid> moved = copied.stream().map(Copied::source).toList();
            // The move's expunge has its own MODSEQ; the hint carries the mailbox's latest, which covers it.
            Events.expunged(request.session().backends().events(), selected.mailbox(), moved,
                    messages.counters(selected.mailbox().id()).highestModSeq());
        }
        ResponseCode.CopyUid copyUid = new ResponseCode.CopyUid(target.get().uidValidity().value(),
                NumberSet.of(copied.stream().mapToLong(each -> each.source().value()).toArray()),
                NumberSet.of(targetUids.stream().mapToLong(Uid::value).toArray()));
        if (command.isMove()) {
            return Completions.ok(List.of(StatusResponse.untagged(StatusResponse.Condition.OK, copyUid, "Moved")), done);
        }
        return new Answer.Completed(List.of(), StatusResponse.Condition.OK, copyUid, done);
    }
}
