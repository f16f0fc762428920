package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.ImapCommand;
import io.mailfleet.imap.session.Question;

/**
 * A command for a processor, as the core hands it over.
 *
 * @param uids the UIDs its message set names, ascending; null when it has none
 */
public record Request(ImapCommand command, long[] uids, Question.Context context, GatewaySession session) {

    public Selected selected() {
        return session.selected();
    }

    public String account() {
        return session.account();
    }
}
