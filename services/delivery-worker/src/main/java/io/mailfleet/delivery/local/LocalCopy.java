package io.mailfleet.delivery.local;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.MailAccepted;

/** One message for one local account's INBOX. */
public record LocalCopy(MailAccepted mail, MailAddress account) {
}
