package io.mailfleet.model.event;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.address.MailAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Published to {@code mail.inbound} once the body is stored, before the SMTP 250 (docs/architecture.md,
 * invariant 1). Carries the envelope, which the message headers may contradict, and everything
 * delivery, relay and DSN generation need without going back to the SMTP session.
 *
 * @param version the record version, {@link #CURRENT_VERSION} when written by this code
 * @param messageId our id for the message, also the Kafka key
 * @param queueId the id shown to the client in the 250 reply and written in logs
 * @param sender the reverse-path; empty for the null path {@code <>} of bounces
 * @param recipients the accepted recipients, at least one
 * @param dsnReturn the RET parameter, if sent
 * @param envelopeId the ENVID parameter, xtext-decoded, if sent
 * @param bodyType the BODY parameter
 * @param smtpUtf8 whether MAIL FROM carried SMTPUTF8, which UTF-8 addresses require
 * @param blobKey where the body is in the blob store
 * @param size the stored message size in octets, including the trace headers we added
 * @param receivedAt when the message was accepted
 * @param client the client session facts
 * @param clientDigest the {@link ClientDigest} of the stored body in lowercase hex, as smtp-ingress
 *     computed it while the body streamed past; empty in events written before it did, and for
 *     bodies that are not ours, and then delivery reads the body back to compute it
 * @param content what the message rows keep of the body's parsed content, when smtp-ingress stored that content
 *     before it published the event: delivery then reads none back; empty otherwise (a large body, one the parser
 *     gave up on, events written before the field existed), and delivery reads or parses the content
 */
public record MailAccepted(
        int version,
        String messageId,
        String queueId,
        Optional<String> sender,
        List<Recipient> recipients,
        Optional<DsnReturn> dsnReturn,
        Optional<String> envelopeId,
        BodyType bodyType,
        boolean smtpUtf8,
        String blobKey,
        long size,
        Instant receivedAt,
        ClientInfo client,
        Optional<String> clientDigest,
        Optional<ContentFacts> content) {

    /** The fields {@code clientDigest} and {@code content} are optional and older readers ignore them, so they kept the version. */
    public static final int CURRENT_VERSION = 1;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public MailAccepted {
        EventChecks.checkVersion(version);
        messageId = MessageId.parse(Objects.requireNonNull(messageId, "messageId")).toString();
        EventChecks.requireNonBlank(queueId, "queueId");
        sender = Objects.requireNonNull(sender, "sender").map(address -> checkedAddress(address, smtpUtf8));
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("recipients is empty");
        }
        for (Recipient recipient : recipients) {
            checkedAddress(recipient.address(), smtpUtf8);
        }
        Objects.requireNonNull(dsnReturn, "dsnReturn");
        Objects.requireNonNull(envelopeId, "envelopeId")
                .ifPresent(id -> EventChecks.requireNonBlank(id, "envelopeId"));
        Objects.requireNonNull(bodyType, "bodyType");
        EventChecks.requireNonBlank(blobKey, "blobKey");
        EventChecks.requirePositive(size, "size");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(client, "client");
        // Absent from events written before the field existed.
        clientDigest = clientDigest == null ? Optional.empty() : clientDigest;
        clientDigest.ifPresent(hex -> {
            if (!SHA256_HEX.matcher(hex).matches()) {
                throw new IllegalArgumentException("clientDigest is not a SHA-256 in lowercase hex");
            }
        });
        content = content == null ? Optional.empty() : content;
    }

    /** An event without content facts. */
    public MailAccepted(int version, String messageId, String queueId, Optional<String> sender, List<Recipient> recipients,
                        Optional<DsnReturn> dsnReturn, Optional<String> envelopeId, BodyType bodyType, boolean smtpUtf8,
                        String blobKey, long size, Instant receivedAt, ClientInfo client, Optional<String> clientDigest) {
        this(version, messageId, queueId, sender, recipients, dsnReturn, envelopeId, bodyType, smtpUtf8, blobKey, size,
                receivedAt, client, clientDigest, Optional.empty());
    }

    /** An event without a client digest or content facts. */
    public MailAccepted(int version, String messageId, String queueId, Optional<String> sender, List<Recipient> recipients,
                        Optional<DsnReturn> dsnReturn, Optional<String> envelopeId, BodyType bodyType, boolean smtpUtf8,
                        String blobKey, long size, Instant receivedAt, ClientInfo client) {
        this(version, messageId, queueId, sender, recipients, dsnReturn, envelopeId, bodyType, smtpUtf8, blobKey, size,
                receivedAt, client, Optional.empty(), Optional.empty());
    }

    /** A UTF-8 local part cannot be relayed without SMTPUTF8, so the flag and the addresses must agree. */
    private static String checkedAddress(String text, boolean smtpUtf8) {
        MailAddress address = MailAddress.parse(text, true);
        if (address.requiresSmtpUtf8() && !smtpUtf8) {
            throw new IllegalArgumentException("address with a UTF-8 local part in a message without SMTPUTF8");
        }
        return address.toString();
    }

    public MessageId toMessageId() {
        return MessageId.parse(messageId);
    }

    public Optional<MailAddress> toSender() {
        return sender.map(address -> MailAddress.parse(address, true));
    }
}
