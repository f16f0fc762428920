package io.mailfleet.imap.gateway.idle;

import io.mailfleet.model.event.MailboxEvent;
import io.mailfleet.model.mailbox.MailboxId;

/**
 * What a wake-up from an event says: {@code mailbox} had a change numbered {@code modSeq}. Its
 * publisher sent it after the change was stored, so a read of the mailbox's logs after it was heard
 * finds that change and every earlier one; a session may read up to it without asking the mailbox's
 * state first. Still only a hint: the session reads the changes themselves from the store.
 */
public record ChangeHint(MailboxId mailbox, long modSeq) {

    public static ChangeHint of(MailboxEvent event) {
        return new ChangeHint(MailboxId.parse(event.mailboxId()), event.modSeq());
    }
}
