package io.mailfleet.model.event;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.address.MailAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Mail to relay to one destination domain: published to {@code mail.outbound} (keyed by the domain)
 * by delivery for the remote recipients of an accepted message, and published again, one attempt
 * later, by the relay for the recipients that got a temporary failure.
 *
 * @param domain the destination domain (A-label form) or address literal, which all recipients share
 * @param recipients the recipients still to deliver; an original recipient is kept for DSNs, and set
 *     to the envelope recipient when an alias led here
 * @param attempt 0 for the first attempt, then one more per retry
 * @param lastErrors the diagnostic of the last temporary failure per recipient address, quoted in
 *     the bounce if the message expires
 */
public record OutboundMail(
        int version,
        String messageId,
        String queueId,
        String domain,
        Optional<String> sender,
        List<Recipient> recipients,
        Optional<DsnReturn> dsnReturn,
        Optional<String> envelopeId,
        BodyType bodyType,
        boolean smtpUtf8,
        String blobKey,
        long size,
        Instant receivedAt,
        int attempt,
        Map<String, String> lastErrors) {

    public static final int CURRENT_VERSION = 1;

    public OutboundMail {
        EventChecks.checkVersion(version);
        messageId = MessageId.parse(Objects.requireNonNull(messageId, "messageId")).toString();
        EventChecks.requireNonBlank(queueId, "queueId");
        EventChecks.requireNonBlank(domain, "domain");
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("recipients is empty");
        }
        Objects.requireNonNull(dsnReturn, "dsnReturn");
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(bodyType, "bodyType");
        EventChecks.requireNonBlank(blobKey, "blobKey");
        EventChecks.requirePositive(size, "size");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt is negative: " + attempt);
        }
        lastErrors = Map.copyOf(Objects.requireNonNull(lastErrors, "lastErrors"));
    }

    /** The first attempt for some recipients of an accepted message. */
    public static OutboundMail firstAttempt(MailAccepted accepted, String domain, List<Recipient> recipients) {
        return new OutboundMail(CURRENT_VERSION, accepted.messageId(), accepted.queueId(), domain, accepted.sender(),
                recipients, accepted.dsnReturn(), accepted.envelopeId(), accepted.bodyType(), accepted.smtpUtf8(),
                accepted.blobKey(), accepted.size(), accepted.receivedAt(), 0, Map.of());
    }

    /** The next attempt for the recipients that failed temporarily this time. */
    public OutboundMail nextAttempt(List<Recipient> remaining, Map<String, String> errors) {
        return new OutboundMail(version, messageId, queueId, domain, sender, remaining, dsnReturn, envelopeId, bodyType,
                smtpUtf8, blobKey, size, receivedAt, attempt + 1, errors);
    }

    public MessageId toMessageId() {
        return MessageId.parse(messageId);
    }

    public Optional<MailAddress> toSender() {
        return sender.map(address -> MailAddress.parse(address, true));
    }
}
