package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.response.MailboxData;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.session.Question;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.mailbox.Mailbox;

import java.util.List;
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
            return Optional.of(MailboxPath.parse(decoded(context, wire)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Blocking: the session's account's selectable mailbox named {@code path}, for a command on that one mailbox (SELECT,
     * STATUS, APPEND, COPY, MOVE, GETQUOTAROOT). None of them says whether it is subscribed, so the subscription
     * is not read: one Cassandra request less for each.
     */
    static Optional<Mailbox> mailbox(GatewaySession session, MailboxPath path) {
        return session.backends().store().mailboxes().findIgnoringSubscription(session.account(), path);
    }

    /**
     * What CREATE or RENAME tells of a new name the store keeps in another form than the client sent it (NFC,
     * {@code INBOX} in upper case): RFC 9051 §6.3.4 and §6.3.6 ask for a LIST of the name kept with the name sent
     * as its {@code OLDNAME}, so the client finds the mailbox again. Nothing when the two are the same.
     *
     * @param wire the name as sent, which {@link #path} turned into {@code kept}
     */
    static List<Response> normalised(Question.Context context, String wire, MailboxPath kept) {
        String sent = decoded(context, wire);
        return sent.equals(kept.toString()) ? List.of()
                : List.of(new MailboxData.Listed(false, List.of(), kept.toString(), List.of(), sent));
    }

    private static String decoded(Question.Context context, String wire) {
        String name = context.mailboxName(wire);
        return name.length() > 1 && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
}
