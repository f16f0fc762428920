package io.mailfleet.imap.gateway.processor;

import io.mailfleet.events.EventPublisher;
import io.mailfleet.model.MessageId;
import io.mailfleet.model.event.FlagsChanged;
import io.mailfleet.model.event.MailboxEvent;
import io.mailfleet.model.event.MessageAdded;
import io.mailfleet.model.event.MessageExpunged;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.store.mailbox.StoreResult;
import org.jboss.logging.Logger;

import java.util.Collection;

/**
 * The hints an IMAP write leaves on {@code mailbox.events} for the IDLE sessions of every instance,
 * published after the store write. A hint is not the truth (sessions reread the store), so a publish
 * that fails is logged and the command still succeeds: the periodic resync covers it.
 */
final class Events {

    private static final Logger LOG = Logger.getLogger(Events.class);

    private Events() {
    }

    /** What a hint says of a message added: known to the writer without reading the row back. */
    record Added(Uid uid, ModSeq modSeq, Flags flags, MessageId messageId, long size) {
    }

    static void added(EventPublisher events, Mailbox mailbox, Collection<StoredMessage> messages) {
        appended(events, mailbox, messages.stream().map(message -> new Added(message.uid(), message.modSeq(),
                message.flags(), message.messageId(), message.size())).toList());
    }

    static void appended(EventPublisher events, Mailbox mailbox, Collection<Added> messages) {
        for (Added message : messages) {
            publish(events, new MessageAdded(MessageAdded.CURRENT_VERSION, mailbox.account(), mailbox.id().toString(),
                    mailbox.path().toString(), message.uid().value(), message.modSeq().value(),
                    message.flags().asStrings(), message.messageId().toString(), Math.max(1, message.size())));
        }
    }

    static void flagsChanged(EventPublisher events, Mailbox mailbox, StoreResult result) {
        for (StoreResult.Updated updated : result.updated()) {
            publish(events, new FlagsChanged(FlagsChanged.CURRENT_VERSION, mailbox.account(), mailbox.id().toString(),
                    updated.uid().value(), updated.modSeq().value(), updated.flags().asStrings()));
        }
    }

    static void expunged(EventPublisher events, Mailbox mailbox, Collection<Uid> uids, ModSeq modSeq) {
        if (!uids.isEmpty()) {
            publish(events, new MessageExpunged(MessageExpunged.CURRENT_VERSION, mailbox.account(), mailbox.id().toString(),
                    uids.stream().map(Uid::value).toList(), modSeq.value()));
        }
    }

    private static void publish(EventPublisher events, MailboxEvent event) {
        events.publish(event).whenComplete((position, failure) -> {
            if (failure != null) {
                LOG.debugf("mailbox event not published, IDLE sessions will see it by polling: %s", failure.getMessage());
            }
        });
    }
}
