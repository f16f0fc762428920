package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.StatusCommand;
import io.mailfleet.imap.command.StatusItem;
import io.mailfleet.imap.response.MailboxData;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MailboxCounters;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.StoredMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * STATUS (RFC 9051 §6.3.11) from the mailbox's counters, its statics in Cassandra; only DELETED, which
 * no counter holds, reads the message rows.
 */
final class StatusProcessor {

    private static final int PAGE = 1000;

    private StatusProcessor() {
    }

    static Answer.Completed status(Request request) {
        StatusCommand command = (StatusCommand) request.command();
        Optional<MailboxPath> path = Names.path(request.context(), command.mailbox());
        Optional<Mailbox> mailbox = path.flatMap(each -> Names.mailbox(request.session(), each));
        if (mailbox.isEmpty()) {
            return Completions.noSuchMailbox();
        }
        return Completions.ok(List.of(status(request, mailbox.get(), command.items())), "STATUS completed");
    }

    static MailboxData.Status status(Request request, Mailbox mailbox, List<StatusItem> items) {
        MessageRepository messages = request.session().backends().store().messages();
        MailboxCounters counters = messages.counters(mailbox.id());
        List<MailboxData.StatusItem> out = new ArrayList<>();
        for (StatusItem item : items) {
            out.add(switch (item) {
                case MESSAGES -> MailboxData.StatusItem.number("MESSAGES", counters.messages());
                case UIDNEXT -> MailboxData.StatusItem.number("UIDNEXT", counters.nextUid().value());
                case UIDVALIDITY -> MailboxData.StatusItem.number("UIDVALIDITY", mailbox.uidValidity().value());
                case UNSEEN -> MailboxData.StatusItem.number("UNSEEN", counters.unseen());
                // No message is \Recent here: the gateway keeps no per-session arrival state.
                case RECENT -> MailboxData.StatusItem.number("RECENT", 0);
                case DELETED -> MailboxData.StatusItem.number("DELETED", deleted(messages, mailbox));
                case SIZE -> MailboxData.StatusItem.number("SIZE", counters.bytes());
                case HIGHESTMODSEQ -> MailboxData.StatusItem.number("HIGHESTMODSEQ", counters.highestModSeq().value());
                case APPENDLIMIT -> MailboxData.StatusItem.number("APPENDLIMIT", request.session().settings().maxMessageSize());
                case MAILBOXID -> MailboxData.StatusItem.mailboxId(mailbox.id().toString());
            });
        }
        return new MailboxData.Status(mailbox.path().toString(), out);
    }

    private static long deleted(MessageRepository messages, Mailbox mailbox) {
        long count = 0;
        Uid next = Uid.MIN;
        while (true) {
            List<StoredMessage> page = messages.range(mailbox.id(), next, Uid.MAX, PAGE);
            count += page.stream().filter(message -> message.flags().contains(Flag.DELETED)).count();
            if (page.size() < PAGE || page.get(page.size() - 1).uid().value() == Uid.MAX_VALUE) {
                return count;
            }
            next = page.get(page.size() - 1).uid().next();
        }
    }
}
