package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The messages of a mailbox. Every change is one atomic step that allocates the MODSEQ (and the UID
 * for appends), changes the message and moves the counters together, so that with any number of
 * concurrent writers UIDs are unique and strictly increasing, MODSEQs grow, and counters are exact.
 */
public interface MessageRepository {

    Appended append(MailboxId mailbox, NewMessage message);

    /**
     * Appends up to {@link #MAX_ATOMIC_APPEND} messages as one change, all or none (IMAP MULTIAPPEND,
     * imports): consecutive UIDs in list order, one MODSEQ for all of them.
     */
    List<Appended> appendAll(MailboxId mailbox, List<NewMessage> messages);

    int MAX_ATOMIC_APPEND = 50;

    /**
     * Appends the message unless one was delivered to this mailbox under {@code deliveryKey} before
     * (within {@link #RECEIPT_LIFETIME}). The receipt is written in the same atomic change as the
     * message, so a retried or redelivered delivery finds it and stores no second copy; it outlives
     * an expunge of the message.
     */
    Delivery deliver(MailboxId mailbox, NewMessage message, String deliveryKey);

    /** The receipt of an earlier {@link #deliver} under this key, if there was one. */
    Optional<Delivery> findDelivery(MailboxId mailbox, String deliveryKey);

    /** Longer than any redelivery can come late: the event log's retention and the retry horizon. */
    java.time.Duration RECEIPT_LIFETIME = java.time.Duration.ofDays(30);

    /** The mailbox's messages in UID order. */
    List<StoredMessage> list(MailboxId mailbox);

    Optional<StoredMessage> find(MailboxId mailbox, Uid uid);

    /**
     * Applies {@code change} to the message's flags. Empty when the message does not exist; an
     * update that changes nothing allocates no MODSEQ.
     */
    Optional<FlagsChange> updateFlags(MailboxId mailbox, Uid uid, UnaryOperator<Flags> change);

    /**
     * Removes those of {@code uids} that exist, recording them in the expunge log under one new
     * MODSEQ; empty when none existed.
     */
    Optional<ModSeq> expunge(MailboxId mailbox, Collection<Uid> uids);

    /** The expunge log after {@code since}, oldest first: what QRESYNC reports as VANISHED. */
    List<Expunged> expungedSince(MailboxId mailbox, ModSeq since);

    MailboxCounters counters(MailboxId mailbox);

    /**
     * Removes every message of a mailbox that left its account's tree, with its logs and state; the
     * blobs stay for the collector. Removing a mailbox that has nothing left does nothing.
     */
    void removeAll(MailboxId mailbox);
}
