package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.StoreCommand;
import io.mailfleet.imap.response.FetchItem;
import io.mailfleet.imap.response.FetchResponse;
import io.mailfleet.imap.response.NumberSet;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.StoreResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * STORE and UID STORE (RFC 9051 §6.4.6, UNCHANGEDSINCE of RFC 7162 §3.1.3): one bulk flag change in
 * chunks, each one conditional write. The new flags reach the client through the resync that follows,
 * like any other change (without reading the store again when the STORE's were the only changes since the
 * view's MODSEQ); for .SILENT this session's own changes are left out of it, except their MODSEQ when the
 * STORE was conditional.
 */
final class StoreProcessor {

    private StoreProcessor() {
    }

    static Answer.Completed store(Request request) {
        StoreCommand command = (StoreCommand) request.command();
        Selected selected = request.selected();
        if (selected.view().readOnly()) {
            return Completions.readOnly();
        }
        Flags flags = Flags.of(command.flags());
        FlagUpdate update = switch (command.operation()) {
            case ADD -> FlagUpdate.add(flags);
            case REMOVE -> FlagUpdate.remove(flags);
            case REPLACE -> FlagUpdate.replace(flags);
        };
        List<Uid> uids = Arrays.stream(request.uids()).mapToObj(Uid::of).toList();
        OptionalLong unchangedSince = command.unchangedSince();
        // RFC 7162 §3.1.3: UNCHANGEDSINCE 0 fails for every message, since system flags always exist.
        StoreResult result = unchangedSince.isPresent() && unchangedSince.getAsLong() == 0 ? new StoreResult(List.of(), uids)
                : request.session().backends().store().messages().store(selected.mailbox().id(), uids, update,
                        unchangedSince.isPresent() ? Optional.of(ModSeq.of(unchangedSince.getAsLong())) : Optional.empty());
        MailboxSync.changedAlone(selected, result.onlyChangesSince(), result.updated().stream()
                .map(updated -> new MessageFlags(updated.uid(), updated.modSeq(), updated.flags())).toList(), List.of());
        Events.flagsChanged(request.session().backends().events(), selected.mailbox(), result);
        List<Response> untagged = new ArrayList<>();
        if (command.silent()) {
            result.updated().forEach(updated -> request.session().silentChanges().put(updated.uid().value(),
                    updated.modSeq().value()));
            if (unchangedSince.isPresent()) {
                // RFC 7162 §3.1.3: a conditional STORE tells even .SILENT what each change's MODSEQ is.
                result.updated().forEach(updated -> untagged.add(new FetchResponse(
                        selected.view().messages().msn(updated.uid().value()), List.of(FetchItem.Number.uid(updated.uid().value()),
                        new FetchItem.ModSeq(updated.modSeq().value())))));
            }
        }
        String done = command.kind().wireName() + " completed";
        long[] modified = result.modified().stream().mapToLong(uid -> command.kind().isUid() ? uid.value()
                : selected.view().messages().msn(uid.value())).filter(number -> number > 0).sorted().toArray();
        if (modified.length == 0) {
            return Completions.ok(untagged, done);
        }
        return new Answer.Completed(untagged, StatusResponse.Condition.OK,
                new ResponseCode.Modified(NumberSet.of(modified)), "Conditional STORE failed for some messages");
    }
}
