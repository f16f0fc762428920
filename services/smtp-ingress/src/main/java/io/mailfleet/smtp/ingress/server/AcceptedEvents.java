package io.mailfleet.smtp.ingress.server;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.ClientInfo;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.smtp.Envelope;
import io.mailfleet.smtp.ingress.accept.StoredBody;

import java.time.Instant;

/** The MailAccepted event of an envelope whose body is stored. */
final class AcceptedEvents {

    private AcceptedEvents() {
    }

    static MailAccepted of(Envelope envelope, StoredBody body, Instant receivedAt) {
        return new MailAccepted(MailAccepted.CURRENT_VERSION, envelope.queueId(), envelope.queueId(),
                envelope.reversePath().map(MailAddress::toString), envelope.recipients(), envelope.dsnReturn(),
                envelope.envelopeId(), envelope.bodyType(), envelope.smtpUtf8(), body.blobKey(), body.size(), receivedAt,
                new ClientInfo(envelope.remoteIp(), envelope.helo(), envelope.tls(), envelope.authenticatedIdentity(),
                        envelope.listener()), body.clientDigest(), body.content());
    }
}
