package io.mailfleet.store.mailbox;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.account.AccountRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * IMAP APPEND and COPY over the store ports, the two commands that add octets to an account and so
 * are held to its quota. For APPEND the bodies are in the blob store and parsed already (by the
 * gateway, as delivery parses them); here the quota is checked, the parsed contents stored once per
 * blob (unless it was stored with the blob's pin), and the messages appended with the client's flags and
 * internal dates, all in one change.
 */
public final class ClientAppends {

    private final AccountRepository accounts;
    private final MailboxRepository mailboxes;
    private final MessageContentRepository contents;
    private final MessageRepository messages;

    public ClientAppends(AccountRepository accounts, MailboxRepository mailboxes, MessageContentRepository contents,
                         MessageRepository messages) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
        this.contents = Objects.requireNonNull(contents, "contents");
        this.messages = Objects.requireNonNull(messages, "messages");
    }

    /** An account's room for {@code size} more octets, checked by {@link #room}; the append it was checked for uses it. */
    public record Room(String account, long size) {
    }

    /**
     * One message of an APPEND, parsed: its blob's content, its sort keys, and the client's flags and internal date.
     *
     * @param contentStored whether the content is stored already (written with the blob's pin), so that the append
     *                      need not write it again
     */
    public record ClientMessage(MessageId messageId, MessageContent content, SortFields sortFields, Flags flags,
                                Instant internalDate, boolean contentStored) {
    }

    /** An account's quota as read ahead of an append ({@link #quotaAsync}); none when it has no limit or no longer exists. */
    public record Quota(String account, OptionalLong bytes) {
    }

    /**
     * Reads the account's quota without waiting for it: APPEND starts it beside the lookup of its target, so
     * that the commit finds it read instead of reading it then, before the mailbox state.
     */
    public CompletableFuture<Quota> quotaAsync(String account) {
        return accounts.findAsync(MailAddress.parse(account, true)).thenApply(found -> quotaOf(account, found));
    }

    /**
     * Checks that the account's mailboxes and {@code size} more octets stay within its quota: the first
     * step of an append, which a caller may take while the messages' bodies are still being stored.
     *
     * @throws OverQuotaException when they do not
     */
    public Room room(String account, long size) throws OverQuotaException {
        checkQuota(quota(account), size);
        return new Room(account, size);
    }

    /**
     * {@link #room(String, long)} with the quota read ahead by {@link #quotaAsync}: the account's limit as it
     * was a moment ago, which a change of the limit racing the append may pass, as two appends racing for the
     * last room may (see {@link #checkQuota}).
     *
     * @throws OverQuotaException when the account's mailboxes and {@code size} more octets exceed it
     */
    public Room room(CompletableFuture<Quota> quota, long size) throws OverQuotaException {
        Quota read = joined(quota);
        checkQuota(read, size);
        return new Room(read.account(), size);
    }

    /** The quota read, its failure (a store outage) thrown as it was raised. */
    private static Quota joined(CompletableFuture<Quota> quota) {
        try {
            return quota.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Appends the messages of one APPEND (one, or up to {@link MessageRepository#MAX_ATOMIC_APPEND} of a
     * MULTIAPPEND) as one change, all or none (RFC 3502 §6.3.11): consecutive UIDs in list order, the
     * APPENDUID set of RFC 4315. The quota was checked ahead by {@link #room}, for this mailbox's account
     * and at least the sum of the contents' sizes. The contents are stored before the message rows that
     * point at them; when storing one fails, no message is appended.
     */
    public List<Appended> appendAll(Room room, Mailbox mailbox, List<ClientMessage> messages) {
        return appendAll(room, mailbox, messages.size(), CompletableFuture.completedFuture(messages));
    }

    /**
     * {@link #appendAll(Room, Mailbox, List)} of {@code count} messages still being stored and parsed by the caller:
     * the append reads the mailbox state and blocks meanwhile, and writes its change once they are parsed and their
     * contents stored. When {@code parsed} fails, nothing is appended and its failure is thrown.
     */
    public List<Appended> appendAll(Room room, Mailbox mailbox, int count, CompletableFuture<List<ClientMessage>> parsed) {
        if (!room.account().equals(mailbox.account())) {
            throw new IllegalArgumentException("room in " + room.account() + " for an append to " + mailbox.account());
        }
        CompletableFuture<List<NewMessage>> ready = parsed.thenCompose(messages -> {
            long size = messages.stream().mapToLong(message -> message.content().size()).sum();
            if (room.size() < size) {
                throw new IllegalArgumentException("room for " + room.size() + " octets in " + room.account()
                        + " does not hold " + size);
            }
            // Written again when the blob has it already: the same values, for less than a read before the write.
            // Written while the append reads the mailbox state and blocks, as they need only be there before the
            // message rows that point at them.
            return CompletableFuture.allOf(messages.stream().filter(message -> !message.contentStored())
                            .map(message -> contents.putAsync(message.content())).toArray(CompletableFuture[]::new))
                    .thenApply(stored -> messages.stream().map(ClientAppends::newMessage).toList());
        });
        return this.messages.appendAll(mailbox.id(), count, ready);
    }

    private static NewMessage newMessage(ClientMessage message) {
        MessageContent content = message.content();
        return new NewMessage(message.messageId(), content.blobKey(), content.size(), message.internalDate(), message.flags(),
                message.sortFields(), content.textSignature());
    }

    /**
     * Copies the messages among {@code uids} from {@code source} into {@code target}, both of one
     * account (IMAP COPY, with the UIDs for COPYUID), when the account's quota has room for all of
     * them; MOVE adds nothing to the account and is not checked.
     *
     * @throws OverQuotaException when the account's mailboxes and the copies would exceed its quota:
     *         nothing is copied (IMAP's {@code NO [OVERQUOTA]})
     */
    public List<Copied> copy(Mailbox source, Mailbox target, Collection<Uid> uids) throws OverQuotaException {
        if (!source.account().equals(target.account())) {
            throw new IllegalArgumentException("COPY stays within one account: " + source.account() + ", " + target.account());
        }
        // The quota is read while the messages' sizes are: the two do not wait for each other.
        CompletableFuture<Quota> quota = quotaAsync(target.account());
        long size = messages.findAll(source.id(), uids).stream().mapToLong(StoredMessage::size).sum();
        checkQuota(joined(quota), size);
        return messages.copy(source.id(), target.id(), uids);
    }

    private Quota quota(String account) {
        return quotaOf(account, accounts.find(MailAddress.parse(account, true)));
    }

    private static Quota quotaOf(String account, Optional<Account> found) {
        return new Quota(account, found.isEmpty() ? OptionalLong.empty() : found.get().quotaBytes());
    }

    /**
     * Usage is the sum of the exact counters of the account's mailboxes, read together. Two appends racing for the
     * last room can both pass: a quota is a bound kept within one message, not to the octet.
     */
    private void checkQuota(Quota quota, long size) throws OverQuotaException {
        if (quota.bytes().isEmpty()) {
            return;
        }
        long used = messages.counters(mailboxes.ids(quota.account())).values().stream()
                .mapToLong(MailboxCounters::bytes).sum();
        long limit = quota.bytes().getAsLong();
        if (used + size > limit) {
            throw new OverQuotaException(limit, used, size);
        }
    }
}
