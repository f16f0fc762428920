package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.FetchAttribute;
import io.mailfleet.imap.command.FetchCommand;
import io.mailfleet.imap.response.FetchItem;
import io.mailfleet.imap.response.FetchResponse;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.MessageRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A FETCH that asks only for FLAGS, UID and MODSEQ, what a client resynchronising a large mailbox
 * sends (often {@code UID FETCH 1:* (FLAGS)}): answered from the store's flag reads, which do not
 * read the message rows, in pages of the UID set. Anything else goes through {@link FetchProcessor}.
 */
final class FlagsFetch {

    private static final Set<FetchAttribute> FLAG_ATTRIBUTES = Set.of(FetchAttribute.Simple.FLAGS, FetchAttribute.Simple.UID,
            FetchAttribute.Simple.MODSEQ);
    private static final int PAGE = 5000;

    private FlagsFetch() {
    }

    /** Whether {@code command} asks for nothing beyond flags, UIDs and MODSEQs, and no VANISHED. */
    static boolean answers(FetchCommand command) {
        return !command.vanished() && FLAG_ATTRIBUTES.containsAll(command.attributes());
    }

    static Answer.Completed fetch(Request request) {
        FetchCommand command = (FetchCommand) request.command();
        Selected selected = request.selected();
        MessageRepository messages = request.session().backends().store().messages();
        boolean condstore = request.context().reporting().condstore() || command.changedSince().isPresent();
        long changedSince = command.changedSince().orElse(-1);
        long[] uids = request.uids();
        List<Response> out = new ArrayList<>(uids.length);
        List<Uid> page = new ArrayList<>(Math.min(PAGE, uids.length));
        for (int from = 0; from < uids.length; from += PAGE) {
            page.clear();
            for (int i = from; i < Math.min(uids.length, from + PAGE); i++) {
                page.add(Uid.of(uids[i]));
            }
            for (MessageFlags message : messages.flags(selected.mailbox().id(), page)) {
                int msn = selected.view().messages().msn(message.uid().value());
                if (msn == 0 || message.modSeq().value() <= changedSince) {
                    continue;
                }
                out.add(new FetchResponse(msn, items(command, message, condstore)));
            }
        }
        return Completions.ok(out, command.kind().wireName() + " completed");
    }

    /** The items in the order asked; with CONDSTORE on, the UID first and the MODSEQ too (RFC 7162 §3.1, §3.1.4.1). */
    private static List<FetchItem> items(FetchCommand command, MessageFlags message, boolean condstore) {
        List<FetchItem> items = new ArrayList<>(3);
        boolean uid = false;
        boolean modSeq = false;
        for (FetchAttribute attribute : command.attributes()) {
            if (attribute == FetchAttribute.Simple.FLAGS) {
                items.add(new FetchItem.Flags(message.flags(), false));
            } else if (attribute == FetchAttribute.Simple.UID) {
                items.add(FetchItem.Number.uid(message.uid().value()));
                uid = true;
            } else {
                items.add(new FetchItem.ModSeq(message.modSeq().value()));
                modSeq = true;
            }
        }
        if (condstore && !uid) {
            items.add(0, FetchItem.Number.uid(message.uid().value()));
        }
        if (condstore && !modSeq) {
            items.add(new FetchItem.ModSeq(message.modSeq().value()));
        }
        return items;
    }
}
