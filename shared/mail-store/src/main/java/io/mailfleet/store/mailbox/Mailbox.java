package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.UidValidity;

import java.util.Objects;
import java.util.Optional;

/**
 * A mailbox of an account.
 *
 * @param account    the owning account's lookup key ({@code MailAddress.lookupKey()})
 * @param specialUse an RFC 6154 attribute such as {@code \Sent}, if the mailbox has one
 */
public record Mailbox(MailboxId id, String account, MailboxPath path, UidValidity uidValidity,
                      Optional<String> specialUse, boolean subscribed) {

    public Mailbox {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(uidValidity, "uidValidity");
        Objects.requireNonNull(specialUse, "specialUse");
    }
}
