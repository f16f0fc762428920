package io.mailfleet.model.event;

import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;

/**
 * A change to one mailbox, published to {@code mailbox.events} keyed by account so that every
 * change of a user arrives in order; IMAP gateways push them to IDLE and NOTIFY sessions.
 */
public sealed interface MailboxEvent permits MessageAdded, MessageExpunged, FlagsChanged {

    int version();

    /** The owner's canonical address. */
    String account();

    String mailboxId();

    /** The mod-sequence the change was given; orders it among the mailbox's other changes. */
    long modSeq();

    default MailboxId toMailboxId() {
        return MailboxId.parse(mailboxId());
    }

    default ModSeq toModSeq() {
        return ModSeq.of(modSeq());
    }
}
