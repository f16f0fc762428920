package io.mailfleet.store.mailbox;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.account.AccountRepository;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * IMAP APPEND over the store ports: the body is in the blob store and parsed already (by the
 * gateway, as delivery parses it); here the quota is checked, the parsed content stored once per
 * blob, and the message appended with the client's flags and internal date.
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

    /**
     * Appends the message whose blob and parsed content are {@code content}; the UID it got is the
     * APPENDUID of RFC 4315. The content is stored before the message row that points at it.
     *
     * @throws OverQuotaException when the account's mailboxes and this message exceed its quota
     */
    public Appended append(Mailbox mailbox, MessageId messageId, MessageContent content, Flags flags, Instant internalDate)
            throws OverQuotaException {
        checkQuota(mailbox.account(), content.size());
        if (contents.find(content.blobKey()).isEmpty()) {
            contents.put(content);
        }
        return messages.append(mailbox.id(), new NewMessage(messageId, content.blobKey(), content.size(), internalDate, flags));
    }

    /**
     * Usage is the sum of the exact counters of the account's mailboxes. Two appends racing for the
     * last room can both pass: a quota is a bound kept within one message, not to the octet.
     */
    private void checkQuota(String accountKey, long size) throws OverQuotaException {
        Optional<Account> account = accounts.find(MailAddress.parse(accountKey, true));
        if (account.isEmpty() || account.get().quotaBytes().isEmpty()) {
            return;
        }
        long used = 0;
        for (Mailbox each : mailboxes.list(accountKey)) {
            used += messages.counters(each.id()).bytes();
        }
        long quota = account.get().quotaBytes().getAsLong();
        if (used + size > quota) {
            throw new OverQuotaException(quota, used, size);
        }
    }
}
