package io.mailfleet.model.event;

import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import java.util.List;
import java.util.Objects;

/**
 * The flags of one message changed. Carries the complete new set rather than a delta, so a
 * consumer that missed or reordered an earlier change still ends up right.
 */
public record FlagsChanged(
        int version,
        String account,
        String mailboxId,
        long uid,
        long modSeq,
        List<String> flags) implements MailboxEvent {

    public static final int CURRENT_VERSION = 1;

    public FlagsChanged {
        EventChecks.checkVersion(version);
        account = EventChecks.canonicalAccount(account);
        mailboxId = MailboxId.parse(mailboxId).toString();
        Uid.of(uid);
        ModSeq.of(modSeq);
        flags = Flags.parse(Objects.requireNonNull(flags, "flags")).asStrings();
    }

    public Uid toUid() {
        return Uid.of(uid);
    }

    public Flags toFlags() {
        return Flags.parse(flags);
    }
}
