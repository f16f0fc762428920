package io.mailfleet.dsn;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.address.MailHost;
import io.mailfleet.model.event.OriginalRecipient;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one recipient: the per-recipient fields of RFC 3464 §2.3.
 *
 * @param finalRecipient    the address we delivered or tried to deliver to (Final-Recipient)
 * @param originalRecipient the ORCPT parameter the recipient came with, if any; RFC 3461 §6.3
 *                          requires it back as Original-Recipient, and forbids inventing one
 * @param action            what we did
 * @param status            the enhanced status code; its class must fit the action (2 for
 *                          success, 4 for a delay, 4 or 5 for a failure)
 * @param remoteMta         the server that gave the reply, if one did (Remote-MTA)
 * @param diagnosticCode    that server's reply, or another component's reason, if any
 * @param lastAttemptDate   when we last tried this recipient
 * @param willRetryUntil    for a delay, when we will give up (Will-Retry-Until); only for delays
 */
public record RecipientReport(
        MailAddress finalRecipient,
        Optional<OriginalRecipient> originalRecipient,
        DsnAction action,
        StatusCode status,
        Optional<MailHost> remoteMta,
        Optional<DiagnosticCode> diagnosticCode,
        Instant lastAttemptDate,
        Optional<Instant> willRetryUntil) {

    public RecipientReport {
        Objects.requireNonNull(finalRecipient, "finalRecipient");
        Objects.requireNonNull(originalRecipient, "originalRecipient");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        if (!action.allows(status)) {
            throw new IllegalArgumentException("status " + status + " does not fit action " + action.keyword());
        }
        Objects.requireNonNull(remoteMta, "remoteMta");
        Objects.requireNonNull(diagnosticCode, "diagnosticCode");
        Objects.requireNonNull(lastAttemptDate, "lastAttemptDate");
        Objects.requireNonNull(willRetryUntil, "willRetryUntil");
        if (willRetryUntil.isPresent() && action != DsnAction.DELAYED) {
            throw new IllegalArgumentException("Will-Retry-Until is for delayed recipients only");
        }
    }

    /** A UTF-8 address needs the utf-8 address type and the global report types (RFC 6533). */
    boolean hasNonAsciiAddress() {
        return finalRecipient.requiresSmtpUtf8()
                || originalRecipient.map(orcpt -> !FieldText.isAscii(orcpt.address())).orElse(false);
    }
}
