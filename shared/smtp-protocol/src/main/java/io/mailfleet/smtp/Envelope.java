package io.mailfleet.smtp;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.DsnReturn;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.model.event.TlsInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The envelope of a message as the session closed it at DATA or the first BDAT: everything the
 * {@code MailAccepted} event needs besides the stored body.
 *
 * @param queueId the id of this message, in the Received header and the 250 reply
 * @param reversePath the MAIL FROM path, empty for the null path {@code <>}
 * @param recipients the accepted recipients with their DSN parameters, in RCPT order
 * @param dsnReturn RET (RFC 3461 §4.3)
 * @param envelopeId ENVID, xtext-decoded (RFC 3461 §4.4)
 * @param bodyType BODY (RFC 6152, RFC 3030)
 * @param smtpUtf8 whether MAIL FROM carried SMTPUTF8 (RFC 6531)
 * @param declaredSize SIZE as declared (RFC 1870)
 * @param authenticatedIdentity the SASL identity (RFC 4954)
 * @param tls the TLS session
 * @param helo the HELO/EHLO argument, unverified
 * @param remoteIp the client's address
 * @param listener the listener kind
 * @param receivedHeader our Received field with its CRLF; it is also the first {@link Effect.MessageBytes}
 */
public record Envelope(
        String queueId,
        Optional<MailAddress> reversePath,
        List<Recipient> recipients,
        Optional<DsnReturn> dsnReturn,
        Optional<String> envelopeId,
        BodyType bodyType,
        boolean smtpUtf8,
        OptionalLong declaredSize,
        Optional<String> authenticatedIdentity,
        Optional<TlsInfo> tls,
        String helo,
        String remoteIp,
        Listener listener,
        byte[] receivedHeader) {

    public Envelope {
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(reversePath, "reversePath");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(dsnReturn, "dsnReturn");
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(bodyType, "bodyType");
        Objects.requireNonNull(declaredSize, "declaredSize");
        Objects.requireNonNull(authenticatedIdentity, "authenticatedIdentity");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(remoteIp, "remoteIp");
        Objects.requireNonNull(listener, "listener");
        receivedHeader = receivedHeader.clone();
    }

    @Override
    public byte[] receivedHeader() {
        return receivedHeader.clone();
    }
}
