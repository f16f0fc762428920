package io.mailfleet.delivery.bounce;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DsnReturn;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.OutboundMail;

import java.time.Instant;
import java.util.Optional;

/** What a bounce says about the message it reports on, from the event delivery was handling. */
public record BouncedMail(MessageId messageId, String queueId, Optional<MailAddress> sender, Optional<String> envelopeId,
                          Optional<DsnReturn> dsnReturn, String blobKey, Instant receivedAt) {

    public static BouncedMail of(MailAccepted mail) {
        return new BouncedMail(mail.toMessageId(), mail.queueId(), mail.toSender(), mail.envelopeId(), mail.dsnReturn(),
                mail.blobKey(), mail.receivedAt());
    }

    public static BouncedMail of(OutboundMail mail) {
        return new BouncedMail(mail.toMessageId(), mail.queueId(), mail.toSender(), mail.envelopeId(), mail.dsnReturn(),
                mail.blobKey(), mail.receivedAt());
    }
}
