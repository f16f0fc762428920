package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.MailboxCommand;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.ServerData;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.mailbox.MailboxCounters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * GETQUOTAROOT and GETQUOTA (RFC 9208): an account with a quota has one quota root, {@code ""}, over
 * all its mailboxes, with the STORAGE resource in units of 1024 octets; one without has no root.
 */
final class QuotaProcessor {

    static final String ROOT = "";

    private QuotaProcessor() {
    }

    static Answer.Completed quotaRoot(Request request) {
        MailboxCommand command = (MailboxCommand) request.command();
        Optional<MailboxPath> path = Names.path(request.context(), command.mailbox());
        if (path.isEmpty() || Names.mailbox(request.session(), path.get()).isEmpty()) {
            return Completions.noSuchMailbox();
        }
        OptionalLong quota = limit(request);
        List<Response> out = new ArrayList<>();
        out.add(new ServerData.QuotaRoot(path.get().toString(), quota.isPresent() ? List.of(ROOT) : List.of()));
        if (quota.isPresent()) {
            out.add(storage(request, quota.getAsLong()));
        }
        return Completions.ok(out, "GETQUOTAROOT completed");
    }

    static Answer.Completed quota(Request request, String root) {
        OptionalLong quota = limit(request);
        if (!root.equals(ROOT) || quota.isEmpty()) {
            return Completions.no(ResponseCode.Simple.NONEXISTENT, "No such quota root");
        }
        return Completions.ok(List.of(storage(request, quota.getAsLong())), "GETQUOTA completed");
    }

    static Answer.Completed getQuota(Request request) {
        return quota(request, ((MailboxCommand) request.command()).mailbox());
    }

    private static OptionalLong limit(Request request) {
        return request.session().backends().store().accounts().find(MailAddress.parse(request.account(), true))
                .map(Account::quotaBytes).orElse(OptionalLong.empty());
    }

    /** Usage is the sum of the exact byte counters of the account's mailboxes, read together, as APPEND checks it. */
    private static ServerData.Quota storage(Request request, long quotaBytes) {
        List<MailboxId> mailboxes = request.session().backends().store().mailboxes().ids(request.account());
        long used = request.session().backends().store().messages().counters(mailboxes).values().stream()
                .mapToLong(MailboxCounters::bytes).sum();
        return new ServerData.Quota(ROOT, List.of(new ServerData.QuotaResource("STORAGE", (used + 1023) / 1024,
                quotaBytes / 1024)));
    }
}
