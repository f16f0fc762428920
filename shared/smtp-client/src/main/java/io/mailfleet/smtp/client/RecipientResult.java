package io.mailfleet.smtp.client;

import io.mailfleet.model.event.Recipient;
import java.util.Objects;

/**
 * The outcome for one recipient.
 *
 * @param recipient the recipient as given in the transaction
 * @param status our verdict; it follows the reply's class except where a session-level failure
 *     (greeting, EHLO, TLS, AUTH) is held temporary whatever its code
 * @param stage where the outcome was decided
 * @param diagnosis the reply or our own finding behind the verdict
 */
public record RecipientResult(Recipient recipient, DeliveryStatus status, Stage stage, Diagnosis diagnosis) {

    public RecipientResult {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(diagnosis, "diagnosis");
    }

    /**
     * The RFC 3463 status for a DSN, e.g. {@code 5.1.1}: the class is the verdict's, so a 5xx
     * greeting held temporary gives {@code 4.x.x}.
     */
    public String enhancedStatus() {
        return status.statusClass() + "." + diagnosis.statusDetail();
    }
}
