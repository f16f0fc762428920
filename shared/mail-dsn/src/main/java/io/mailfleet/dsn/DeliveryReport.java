package io.mailfleet.dsn;

import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DsnReturn;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything one DSN says: the message as we accepted it, what became of the recipients it
 * reports on, and the DSN's own Date and Message-ID, passed in so that the output is a function
 * of this record and the original message alone.
 *
 * @param reportingMta   our host name: the Reporting-MTA, and the domain of the From address
 * @param queueId        our id for the original, quoted to the sender and to postmasters
 * @param envelopeId     the original's ENVID, xtext-decoded, if it had one (Original-Envelope-Id)
 * @param arrivalDate    when we accepted the original (Arrival-Date)
 * @param originalSender the original's reverse-path, to which the DSN goes. The null reverse-path
 *                       has no address: such a message never gets a DSN ({@link DsnPolicy})
 * @param dsnReturn      the original's RET parameter; absent means HDRS
 * @param recipients     the recipients reported on, at least one, in the order to list them
 * @param date           the DSN's Date
 * @param messageId      the DSN's Message-ID, with its angle brackets
 */
public record DeliveryReport(
        Domain reportingMta,
        String queueId,
        Optional<String> envelopeId,
        Instant arrivalDate,
        MailAddress originalSender,
        Optional<DsnReturn> dsnReturn,
        List<RecipientReport> recipients,
        Instant date,
        String messageId) {

    // RFC 5322 §3.6.4 msg-id with dot-atom-text on both sides, the form we generate.
    private static final Pattern MESSAGE_ID =
            Pattern.compile("<[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*>");
    // Written into header fields and the text unquoted, so no space, control or non-ASCII.
    private static final Pattern QUEUE_ID = Pattern.compile("[!-~]{1,64}");

    public DeliveryReport {
        Objects.requireNonNull(reportingMta, "reportingMta");
        Objects.requireNonNull(queueId, "queueId");
        if (!QUEUE_ID.matcher(queueId).matches()) {
            throw new IllegalArgumentException("queueId must be 1 to 64 printable ASCII characters without spaces");
        }
        Objects.requireNonNull(envelopeId, "envelopeId");
        if (envelopeId.isPresent() && envelopeId.get().isBlank()) {
            throw new IllegalArgumentException("envelopeId is blank");
        }
        Objects.requireNonNull(arrivalDate, "arrivalDate");
        Objects.requireNonNull(originalSender, "originalSender");
        Objects.requireNonNull(dsnReturn, "dsnReturn");
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("recipients is empty");
        }
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(messageId, "messageId");
        if (!MESSAGE_ID.matcher(messageId).matches()) {
            throw new IllegalArgumentException("messageId must be <dot-atom@dot-atom>");
        }
    }

    /**
     * RET asks for the whole message in failure reports only (RFC 3461 §4.3); a report of delays
     * or successes carries the header section whatever RET said.
     */
    boolean wantsWholeMessage() {
        return dsnReturn.orElse(DsnReturn.HDRS) == DsnReturn.FULL
                && recipients.stream().anyMatch(recipient -> recipient.action() == DsnAction.FAILED);
    }

    boolean hasNonAsciiAddress() {
        return recipients.stream().anyMatch(RecipientReport::hasNonAsciiAddress);
    }
}
