package io.mailfleet.model.event;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import java.util.List;
import java.util.Objects;

/**
 * A message was delivered or appended to a mailbox. Values are canonicalised on construction
 * (flags in their stable order), so equal events have equal JSON.
 *
 * @param mailboxPath the mailbox name at the time of the change, for display; the id is the identity
 */
public record MessageAdded(
        int version,
        String account,
        String mailboxId,
        String mailboxPath,
        long uid,
        long modSeq,
        List<String> flags,
        String messageId,
        long size) implements MailboxEvent {

    public static final int CURRENT_VERSION = 1;

    public MessageAdded {
        EventChecks.checkVersion(version);
        account = EventChecks.canonicalAccount(account);
        mailboxId = MailboxId.parse(mailboxId).toString();
        mailboxPath = MailboxPath.parse(mailboxPath).toString();
        Uid.of(uid);
        ModSeq.of(modSeq);
        flags = Flags.parse(Objects.requireNonNull(flags, "flags")).asStrings();
        messageId = MessageId.parse(messageId).toString();
        EventChecks.requirePositive(size, "size");
    }

    public MailboxPath toMailboxPath() {
        return MailboxPath.parse(mailboxPath);
    }

    public Uid toUid() {
        return Uid.of(uid);
    }

    public Flags toFlags() {
        return Flags.parse(flags);
    }

    public MessageId toMessageId() {
        return MessageId.parse(messageId);
    }
}
