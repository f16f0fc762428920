package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.StoredMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * EXPUNGE, UID EXPUNGE (RFC 4315 §2.1) and CLOSE (RFC 9051 §6.4.1): removes the messages marked
 * {@code \Deleted} (among the given UIDs for UID EXPUNGE) in one change. EXPUNGE responses come from
 * the resync after it; CLOSE sends none, as its selection ends with it. With CONDSTORE on, the tagged OK
 * of an expunge names its HIGHESTMODSEQ.
 */
final class ExpungeProcessor {

    private static final int PAGE = 1000;

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

    /** The MODSEQ of the expunge; empty when no message was marked {@code \Deleted}. */
    private static Optional<ModSeq> expungeDeleted(Request request, Selected selected) {
        MessageRepository messages = request.session().backends().store().messages();
        List<Uid> deleted = new ArrayList<>();
        if (request.uids() != null) {
            for (int from = 0; from < request.uids().length; from += PAGE) {
                List<Uid> page = new ArrayList<>();
                for (int i = from; i < Math.min(request.uids().length, from + PAGE); i++) {
                    page.add(Uid.of(request.uids()[i]));
                }
                messages.findAll(selected.mailbox().id(), page).stream()
                        .filter(message -> message.flags().contains(Flag.DELETED)).map(StoredMessage::uid)
                        .forEach(deleted::add);
            }
        } else {
            Uid next = Uid.MIN;
            while (true) {
                List<StoredMessage> page = messages.range(selected.mailbox().id(), next, Uid.MAX, PAGE);
                page.stream().filter(message -> message.flags().contains(Flag.DELETED)).map(StoredMessage::uid)
                        .forEach(deleted::add);
                if (page.size() < PAGE || page.get(page.size() - 1).uid().value() == Uid.MAX_VALUE) {
                    break;
                }
                next = page.get(page.size() - 1).uid().next();
            }
        }
        if (deleted.isEmpty()) {
            return Optional.empty();
        }
        Optional<ModSeq> modSeq = messages.expunge(selected.mailbox().id(), deleted);
        modSeq.ifPresent(each -> Events.expunged(request.session().backends().events(), selected.mailbox(), deleted, each));
        return modSeq;
    }
}
