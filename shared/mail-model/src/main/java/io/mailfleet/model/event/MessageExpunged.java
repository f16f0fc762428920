package io.mailfleet.model.event;

import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import java.util.List;
import java.util.Objects;

/**
 * Messages were removed from a mailbox in one change. The UIDs are held ascending and without
 * duplicates, so equal events have equal JSON whatever order the producer collected them in.
 */
public record MessageExpunged(
        int version,
        String account,
        String mailboxId,
        List<Long> uids,
        long modSeq) implements MailboxEvent {

    public static final int CURRENT_VERSION = 1;

    public MessageExpunged {
        EventChecks.checkVersion(version);
        account = EventChecks.canonicalAccount(account);
        mailboxId = MailboxId.parse(mailboxId).toString();
        uids = Objects.requireNonNull(uids, "uids").stream()
                .map(uid -> Uid.of(Objects.requireNonNull(uid, "uid")))
                .sorted()
                .distinct()
                .map(Uid::value)
                .toList();
        if (uids.isEmpty()) {
            throw new IllegalArgumentException("uids is empty");
        }
        ModSeq.of(modSeq);
    }

    public List<Uid> toUids() {
        return uids.stream().map(Uid::of).toList();
    }
}
