package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.session.Question;
import io.mailfleet.model.mailbox.MailboxPath;

import java.util.Optional;

/** Mailbox names from the wire to the store's paths. */
final class Names {

    private Names() {
    }

    /**
     * The path a name the client sent stands for; empty when it is no valid name (bad modified UTF-7,
     * empty levels, control characters). A trailing delimiter, which CREATE allows, is dropped.
     */
    static Optional<MailboxPath> path(Question.Context context, String wire) {
        try {
            String name = context.mailboxName(wire);
            if (name.length() > 1 && name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            return Optional.of(MailboxPath.parse(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
