package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.selected.MessageMap;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.MessageFlags;

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

    /** UIDs whose flags are read at once: 16 flag blocks when they are dense. */
    private static final int PAGE = 4096;

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
     * The MODSEQ of the expunge; empty when no message was marked {@code \Deleted}. The marks are read
     * from the store's flag data, not from the message rows: EXPUNGE looks at the view's messages and
     * those appended since (up to the mailbox's UIDNEXT), UID EXPUNGE at the UIDs it names.
     */
    private static Optional<ModSeq> expungeDeleted(Request request, Selected selected) {
        MessageRepository messages = request.session().backends().store().messages();
        long[] candidates = request.uids() != null ? request.uids() : known(messages, selected);
        List<Uid> deleted = new ArrayList<>();
        for (int from = 0; from < candidates.length; from += PAGE) {
            List<Uid> page = new ArrayList<>();
            for (int i = from; i < Math.min(candidates.length, from + PAGE); i++) {
                page.add(Uid.of(candidates[i]));
            }
            messages.flags(selected.mailbox().id(), page).stream()
                    .filter(message -> message.flags().contains(Flag.DELETED)).map(MessageFlags::uid)
                    .forEach(deleted::add);
        }
        if (deleted.isEmpty()) {
            return Optional.empty();
        }
        Optional<ModSeq> modSeq = messages.expunge(selected.mailbox().id(), deleted);
        modSeq.ifPresent(each -> Events.expunged(request.session().backends().events(), selected.mailbox(), deleted, each));
        return modSeq;
    }

    /** The UIDs of the view's messages, then every UID allocated after the view's last one. */
    private static long[] known(MessageRepository messages, Selected selected) {
        MessageMap view = selected.view().messages();
        long next = messages.counters(selected.mailbox().id()).nextUid().value();
        long after = Math.max(0, next - 1 - view.lastUid());
        long[] uids = new long[Math.toIntExact(view.size() + after)];
        for (int msn = 1; msn <= view.size(); msn++) {
            uids[msn - 1] = view.uid(msn);
        }
        for (int i = 0; i < after; i++) {
            uids[view.size() + i] = view.lastUid() + 1 + i;
        }
        return uids;
    }
}
