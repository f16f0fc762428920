package io.mailfleet.model.event;

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
}
