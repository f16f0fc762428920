package io.mailfleet.smtp.client;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.DsnReturn;
import io.mailfleet.model.event.Recipient;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message to hand over: the envelope, and what the session must know of the body without
 * holding it.
 *
 * @param reversePath the sender; empty for the null reverse-path {@code <>} of bounces
 * @param recipients the recipients for this server, each with its DSN NOTIFY and ORCPT
 * @param size the message in octets as stored. MAIL FROM declares it with {@code SIZE=}; with
 *     BINARYMIME it is also the BDAT chunk length, so it must then be exact
 * @param bodyType the BODY parameter
 * @param smtpUtf8 the message needs SMTPUTF8 (RFC 6531): UTF-8 in its envelope or its header.
 *     A server without SMTPUTF8 then refuses it outright; the caller may clear this for a message
 *     received with SMTPUTF8 that turns out to be pure ASCII
 * @param dsnReturn the RET parameter, passed on when the server offers DSN
 * @param envelopeId the ENVID parameter, unencoded; passed on when the server offers DSN
 */
public record MailTransaction(
        Optional<MailAddress> reversePath,
        List<Recipient> recipients,
        long size,
        BodyType bodyType,
        boolean smtpUtf8,
        Optional<DsnReturn> dsnReturn,
        Optional<String> envelopeId) {

    public MailTransaction {
        Objects.requireNonNull(reversePath, "reversePath");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a transaction has at least one recipient");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        Objects.requireNonNull(bodyType, "bodyType");
        Objects.requireNonNull(dsnReturn, "dsnReturn");
        Objects.requireNonNull(envelopeId, "envelopeId").ifPresent(id -> {
            if (id.isBlank()) {
                throw new IllegalArgumentException("envelopeId is blank");
            }
        });
        if (!smtpUtf8) {
            if (reversePath.map(MailAddress::requiresSmtpUtf8).orElse(false)
                    || recipients.stream().anyMatch(r -> r.toAddress().requiresSmtpUtf8())) {
                throw new IllegalArgumentException("a UTF-8 address needs smtpUtf8");
            }
        }
    }

    /** A plain message: 7BIT body, no SMTPUTF8, no RET or ENVID. */
    public static MailTransaction of(Optional<MailAddress> reversePath, List<Recipient> recipients, long size) {
        return new MailTransaction(reversePath, recipients, size, BodyType.SEVEN_BIT, false, Optional.empty(),
                Optional.empty());
    }
}
