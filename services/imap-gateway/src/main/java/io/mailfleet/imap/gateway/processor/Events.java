package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.gateway.server.MailboxHints;
import io.mailfleet.model.MessageId;
import io.mailfleet.model.event.FlagsChanged;
import io.mailfleet.model.event.MailboxEvent;
import io.mailfleet.model.event.MessageAdded;
import io.mailfleet.model.event.MessageExpunged;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Copied;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.StoreResult;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The hints an IMAP write leaves on {@code mailbox.events} for the IDLE sessions of every instance,
 * handed to {@link MailboxHints} after the store write; the command does not wait for them. A hint is
 * not the truth (sessions reread the store), so one that is lost only delays a notification: the
 * periodic resync covers it.
 *
 * <p>One command leaves at most one hint per mailbox, the one of its last change (highest MODSEQ): a
 * woken session reads everything since its own MODSEQ, so a hint per message would wake it no better,
 * and a STORE or COPY over thousands of messages would fill the hints' queue and have later hints,
 * other sessions' wake-ups among them, dropped.
 */
final class Events {

    private Events() {
    }

    /** What a hint says of a message added: known to the writer without reading the row back. */
    record Added(Uid uid, ModSeq modSeq, Flags flags, MessageId messageId, long size) {
    }

    /** The copies a COPY or MOVE wrote into {@code mailbox}, as the store reported them. */
    static void copied(MailboxHints events, Mailbox mailbox, Collection<Copied> copies) {
        appended(events, mailbox, copies.stream().map(copy -> new Added(copy.target(), copy.modSeq(),
                copy.flags(), copy.messageId(), copy.size())).toList());
    }

    static void appended(MailboxHints events, Mailbox mailbox, Collection<Added> messages) {
        addedHint(mailbox, messages).ifPresent(events::publish);
    }

    static void flagsChanged(MailboxHints events, Mailbox mailbox, StoreResult result) {
        flagsHint(mailbox, result).ifPresent(events::publish);
    }

    static void expunged(MailboxHints events, Mailbox mailbox, Collection<Uid> uids, ModSeq modSeq) {
        if (!uids.isEmpty()) {
            events.publish(new MessageExpunged(MessageExpunged.CURRENT_VERSION, mailbox.account(), mailbox.id().toString(),
                    uids.stream().map(Uid::value).toList(), modSeq.value()));
        }
    }

    /** The one hint of messages added to {@code mailbox} by one command: its newest message's. */
    static Optional<MailboxEvent> addedHint(Mailbox mailbox, Collection<Added> messages) {
        return messages.stream().max(Comparator.comparingLong((Added added) -> added.modSeq().value())
                        .thenComparingLong(added -> added.uid().value()))
                .map(newest -> new MessageAdded(MessageAdded.CURRENT_VERSION, mailbox.account(), mailbox.id().toString(),
                        mailbox.path().toString(), newest.uid().value(), newest.modSeq().value(),
                        newest.flags().asStrings(), newest.messageId().toString(), Math.max(1, newest.size())));
    }

    /** The one hint of a STORE's flag changes in {@code mailbox}: its last change's. */
    static Optional<MailboxEvent> flagsHint(Mailbox mailbox, StoreResult result) {
        return result.updated().stream().max(Comparator.comparingLong(updated -> updated.modSeq().value()))
                .map(last -> new FlagsChanged(FlagsChanged.CURRENT_VERSION, mailbox.account(), mailbox.id().toString(),
                        last.uid().value(), last.modSeq().value(), last.flags().asStrings()));
    }
}
