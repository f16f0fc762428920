package io.mailfleet.delivery.local;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.store.mailbox.FirstCopyClaim;

import java.util.Objects;
import java.util.Optional;

/**
 * One message for one local account's INBOX.
 *
 * @param claim the claim of the client's octets the INBOX's change writes with the copy, and by which it
 *              finds a copy of the same octets that another message added within the window; empty for a
 *              message without a client digest
 */
public record LocalCopy(MailAccepted mail, MailAddress account, Optional<FirstCopyClaim> claim) {

    public LocalCopy {
        Objects.requireNonNull(claim, "claim");
    }
}
