package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.selected.MessageMap;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.ExpungeResult;
import io.mailfleet.store.mailbox.Expunged;
import io.mailfleet.store.mailbox.MessageRepository;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * EXPUNGE, UID EXPUNGE (RFC 4315 §2.1) and CLOSE (RFC 9051 §6.4.1): removes the messages marked
 * {@code \Deleted} (among the given UIDs for UID EXPUNGE) in one change. EXPUNGE responses come from
 * the resync after it, which needs no read of the store when the expunge was the mailbox's only change
 * since the view's MODSEQ; CLOSE sends none, as its selection ends with it. With CONDSTORE on, the tagged OK
 * of an expunge names its HIGHESTMODSEQ.
 */
final class ExpungeProcessor {

    private ExpungeProcessor() {
    }

    static Answer.Completed expunge(Request request) {
        Selected selected = request.selected();
        String done = request.command().kind().wireName() + " completed";
        if (selected.view().readOnly()) {
            return Completions.readOnly();
        }
        Optional<ModSeq> modSeq = expungeDeleted(request, selected);
        if (modSeq.isPresent() && request.context().reporting().condstore()) {
            // RFC 7162: the tagged OK names the HIGHESTMODSEQ the expunge reached, for a CONDSTORE client's cache.
            return new Answer.Completed(List.of(), StatusResponse.Condition.OK,
                    ResponseCode.Number.highestModSeq(modSeq.get().value()), done);
        }
        return Completions.ok(done);
    }

    /** CLOSE on a mailbox opened by EXAMINE expunges nothing (RFC 9051 §6.4.1). */
    static Answer.Completed close(Request request) {
        Selected selected = request.selected();
        if (!selected.view().readOnly()) {
            expungeDeleted(request, selected);
        }
        return Completions.ok("CLOSE completed");
    }

    /**
     * The MODSEQ of the expunge; empty when no message was marked {@code \Deleted}. The store finds the
     * marks in its flag data and checks them again as it removes the messages, in one pass that reads the
     * mailbox state once: EXPUNGE looks at the view's messages and every one appended after the view's
     * last, UID EXPUNGE at the UIDs it names.
     */
    private static Optional<ModSeq> expungeDeleted(Request request, Selected selected) {
        MessageRepository messages = request.session().backends().store().messages();
        List<Uid> candidates = new ArrayList<>();
        Optional<Uid> andFrom;
        if (request.uids() != null) {
            Arrays.stream(request.uids()).forEach(uid -> candidates.add(Uid.of(uid)));
            andFrom = Optional.empty();
        } else {
            MessageMap view = selected.view().messages();
            for (int msn = 1; msn <= view.size(); msn++) {
                candidates.add(Uid.of(view.uid(msn)));
            }
            andFrom = Optional.of(Uid.of(view.lastUid() + 1));
        }
        ExpungeResult result = messages.expungeDeleted(selected.mailbox().id(), candidates, andFrom);
        MailboxSync.changedAlone(selected, result.onlyChangesSince(), List.of(), result.expunged());
        List<Expunged> expunged = result.expunged();
        if (expunged.isEmpty()) {
            return Optional.empty();
        }
        ModSeq modSeq = expunged.stream().map(Expunged::modSeq).max(Comparator.naturalOrder()).orElseThrow();
        Events.expunged(request.session().backends().events(), selected.mailbox(),
                expunged.stream().map(Expunged::uid).toList(), modSeq);
        return Optional.of(modSeq);
    }
}
