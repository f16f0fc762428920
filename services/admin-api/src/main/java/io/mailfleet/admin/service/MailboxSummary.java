package io.mailfleet.admin.service;

import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MailboxCounters;

/** A mailbox as the API shows it, with its exact counts. */
public record MailboxSummary(String name, String id, long uidValidity, String specialUse, boolean subscribed,
                             long messages, long unseen, long bytes) {

    static MailboxSummary of(Mailbox mailbox, MailboxCounters counters) {
        return new MailboxSummary(mailbox.path().toString(), mailbox.id().toString(), mailbox.uidValidity().value(),
                mailbox.specialUse().orElse(null), mailbox.subscribed(), counters.messages(), counters.unseen(), counters.bytes());
    }
}
