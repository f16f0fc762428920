package io.mailfleet.delivery.local;

import io.mailfleet.delivery.Acks;
import io.mailfleet.events.EventPublisher;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.MessageAdded;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.quarkus.content.ContentIndexer;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.account.AccountRepository;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobStore;
import io.mailfleet.store.mailbox.Delivery;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MailboxRepository;
import io.mailfleet.store.mailbox.MessageContentRepository;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.NewMessage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Stores a message in an account's INBOX once: the delivery key (message id plus account) is
 * recorded with the message in one atomic change, so a redelivered event finds the receipt and
 * writes nothing. The parsed content is stored before the message row that points at it, and the
 * {@code MessageAdded} event is published after it, also for a message found already delivered:
 * a crash between the write and the publish must not lose the event (readers take it twice).
 */
public final class LocalDelivery {

    private final AccountRepository accounts;
    private final MailboxRepository mailboxes;
    private final MessageRepository messages;
    private final MessageContentRepository contents;
    private final BlobStore blobs;
    private final EventPublisher events;
    private final ContentIndexer indexer = new ContentIndexer();
    private final Duration publishBound;

    public LocalDelivery(AccountRepository accounts, MailboxRepository mailboxes, MessageRepository messages,
                         MessageContentRepository contents, BlobStore blobs, EventPublisher events, Duration publishBound) {
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.contents = contents;
        this.blobs = blobs;
        this.events = events;
        this.publishBound = publishBound;
    }

    /** Blocking. Store and publish failures surface as exceptions: the event is then retried whole. */
    public LocalOutcome deliver(MailAccepted mail, MailAddress address) throws IOException {
        Optional<Account> account = accounts.find(address);
        if (account.isEmpty()) {
            return LocalOutcome.NO_SUCH_ACCOUNT;
        }
        String key = account.get().key();
        Mailbox inbox = mailboxes.find(key, MailboxPath.INBOX)
                .orElseGet(() -> mailboxes.create(key, MailboxPath.INBOX, Optional.empty()).mailbox());
        String deliveryKey = mail.messageId() + "/" + key;
        Optional<Delivery> earlier = messages.findDelivery(inbox.id(), deliveryKey);
        if (earlier.isEmpty() && overQuota(account.get(), mail.size())) {
            return LocalOutcome.OVER_QUOTA;
        }
        if (earlier.isEmpty() && contents.find(mail.blobKey()).isEmpty()) {
            try (InputStream body = blobs.get(new BlobKey(mail.blobKey()))) {
                contents.put(indexer.index(mail.blobKey(), body));
            }
        }
        Delivery delivery = earlier.orElseGet(() -> messages.deliver(inbox.id(),
                new NewMessage(mail.toMessageId(), mail.blobKey(), mail.size(), mail.receivedAt(), Flags.EMPTY), deliveryKey));
        Acks.await(events.publish(new MessageAdded(MessageAdded.CURRENT_VERSION, key, inbox.id().toString(), inbox.path().toString(),
                delivery.uid().value(), delivery.modSeq().value(), Flags.EMPTY.asStrings(), mail.messageId(), mail.size())), publishBound, "MessageAdded");
        return delivery.firstTime() ? LocalOutcome.DELIVERED : LocalOutcome.ALREADY_DELIVERED;
    }

    /**
     * Usage is the sum of the exact counters of the account's mailboxes. Two deliveries racing for
     * the last room can both pass: a quota is a bound kept within one message, not to the octet.
     */
    private boolean overQuota(Account account, long size) {
        if (account.quotaBytes().isEmpty()) {
            return false;
        }
        long used = 0;
        for (Mailbox mailbox : mailboxes.list(account.key())) {
            used += messages.counters(mailbox.id()).bytes();
        }
        return used + size > account.quotaBytes().getAsLong();
    }
}
