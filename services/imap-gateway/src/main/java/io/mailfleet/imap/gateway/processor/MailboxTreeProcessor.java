package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.CreateCommand;
import io.mailfleet.imap.command.MailboxCommand;
import io.mailfleet.imap.command.RenameCommand;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.mailbox.MailboxRepository;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** CREATE (with RFC 6154 USE), DELETE, RENAME, SUBSCRIBE and UNSUBSCRIBE (RFC 9051 §6.3.4-6.3.8). */
final class MailboxTreeProcessor {

    /** The special uses a mailbox can be created with (RFC 6154 §2), one per mailbox. */
    private static final Set<String> SPECIAL_USES = Set.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk",
            "\\Sent", "\\Trash");

    private MailboxTreeProcessor() {
    }

    static Answer.Completed create(Request request) {
        CreateCommand command = (CreateCommand) request.command();
        Optional<MailboxPath> path = Names.path(request.context(), command.mailbox());
        if (path.isEmpty()) {
            return Completions.no(ResponseCode.Simple.CANNOT, "Not a valid mailbox name");
        }
        Optional<String> use = Optional.empty();
        if (!command.specialUse().isEmpty()) {
            if (command.specialUse().size() > 1 || SPECIAL_USES.stream().noneMatch(known -> known.equalsIgnoreCase(command.specialUse().get(0)))) {
                return Completions.no(ResponseCode.Simple.USEATTR, "One of \\All \\Archive \\Drafts \\Flagged \\Junk \\Sent \\Trash");
            }
            String asked = command.specialUse().get(0);
            use = SPECIAL_USES.stream().filter(known -> known.equalsIgnoreCase(asked)).findFirst();
        }
        if (path.get().isInbox()) {
            return Completions.no(ResponseCode.Simple.ALREADYEXISTS, "INBOX exists");
        }
        MailboxRepository.Created created = request.session().backends().store().mailboxes()
                .create(request.account(), path.get(), use);
        if (!created.created()) {
            return Completions.no(ResponseCode.Simple.ALREADYEXISTS, "Mailbox exists");
        }
        return new Answer.Completed(Names.normalised(request.context(), command.mailbox(), path.get()),
                io.mailfleet.imap.response.StatusResponse.Condition.OK,
                new ResponseCode.MailboxId(created.mailbox().id().toString()), "CREATE completed");
    }

    static Answer.Completed delete(Request request) {
        Optional<MailboxPath> path = Names.path(request.context(), ((MailboxCommand) request.command()).mailbox());
        if (path.isEmpty()) {
            return Completions.noSuchMailbox();
        }
        return switch (request.session().backends().store().mailboxes().delete(request.account(), path.get())) {
            case DELETED, KEPT_AS_NOSELECT -> Completions.ok("DELETE completed");
            case NO_SUCH_MAILBOX -> Completions.noSuchMailbox();
            case HAS_CHILDREN -> Completions.no(ResponseCode.Simple.HASCHILDREN, "Has children and no messages");
            case INBOX -> Completions.no(ResponseCode.Simple.CANNOT, "INBOX cannot be deleted");
        };
    }

    static Answer.Completed rename(Request request) {
        RenameCommand command = (RenameCommand) request.command();
        Optional<MailboxPath> from = Names.path(request.context(), command.from());
        Optional<MailboxPath> to = Names.path(request.context(), command.to());
        if (from.isEmpty()) {
            return Completions.noSuchMailbox();
        }
        if (to.isEmpty() || to.get().isInbox()) {
            return Completions.no(ResponseCode.Simple.CANNOT, "Not a valid new name");
        }
        return switch (request.session().backends().store().mailboxes().rename(request.account(), from.get(), to.get())) {
            case RENAMED -> {
                if (from.get().isInbox()) {
                    // The old INBOX's id left with its messages and a new INBOX took the name: delivery, which remembers
                    // each account's INBOX, is told to read it again, after the change is stored.
                    request.session().backends().directory().changed(DirectoryChanged.Kind.ACCOUNT, request.account());
                }
                yield Completions.ok(Names.normalised(request.context(), command.to(), to.get()), "RENAME completed");
            }
            case NO_SUCH_MAILBOX -> Completions.noSuchMailbox();
            case TARGET_EXISTS -> Completions.no(ResponseCode.Simple.ALREADYEXISTS, "The new name exists");
            case INTO_ITSELF -> Completions.no(ResponseCode.Simple.CANNOT, "A mailbox cannot move below itself");
        };
    }

    static Answer.Completed subscribe(Request request, boolean subscribed) {
        Optional<MailboxPath> path = Names.path(request.context(), ((MailboxCommand) request.command()).mailbox());
        if (path.isEmpty()) {
            return Completions.no(ResponseCode.Simple.CANNOT, "Not a valid mailbox name");
        }
        request.session().backends().store().mailboxes().setSubscribed(request.account(), path.get(), subscribed);
        return Completions.ok((subscribed ? "SUBSCRIBE" : "UNSUBSCRIBE") + " completed");
    }
}
