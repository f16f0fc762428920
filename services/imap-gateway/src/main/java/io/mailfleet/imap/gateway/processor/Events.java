package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.gateway.server.MailboxHints;
import io.mailfleet.model.MessageId;
import io.mailfleet.model.event.FlagsChanged;
import io.mailfleet.model.event.MessageAdded;
import io.mailfleet.model.event.MessageExpunged;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Copied;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.StoreResult;

import java.util.Collection;

/**
 * The hints an IMAP write leaves on {@code mailbox.events} for the IDLE sessions of every instance,
 * handed to {@link MailboxHints} after the store write; the command does not wait for them. A hint is
 * not the truth (sessions reread the store), so one that is lost only delays a notification: the
 * periodic resync covers it.
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
        for (Added message : messages) {
            events.publish(new MessageAdded(MessageAdded.CURRENT_VERSION, mailbox.account(), mailbox.id().toString(),
                    mailbox.path().toString(), message.uid().value(), message.modSeq().value(),
                    message.flags().asStrings(), message.messageId().toString(), Math.max(1, message.size())));
        }
    }

    static void flagsChanged(MailboxHints events, Mailbox mailbox, StoreResult result) {
        for (StoreResult.Updated updated : result.updated()) {
            events.publish(new FlagsChanged(FlagsChanged.CURRENT_VERSION, mailbox.account(), mailbox.id().toString(),
                    updated.uid().value(), updated.modSeq().value(), updated.flags().asStrings()));
        }
    }

    static void expunged(MailboxHints events, Mailbox mailbox, Collection<Uid> uids, ModSeq modSeq) {
        if (!uids.isEmpty()) {
            events.publish(new MessageExpunged(MessageExpunged.CURRENT_VERSION, mailbox.account(), mailbox.id().toString(),
                    uids.stream().map(Uid::value).toList(), modSeq.value()));
        }
    }
}
