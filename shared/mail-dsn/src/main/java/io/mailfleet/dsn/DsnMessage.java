package io.mailfleet.dsn;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * A generated DSN, ready to be queued: its octets with CRLF line ends and what sending it needs.
 * It goes from the null reverse-path {@code <>} (RFC 3461 §6.2) to {@link #recipient()}.
 */
public final class DsnMessage {

    private final MailAddress recipient;
    private final byte[] content;
    private final BodyType bodyType;

    DsnMessage(MailAddress recipient, byte[] content, BodyType bodyType) {
        this.recipient = Objects.requireNonNull(recipient, "recipient");
        this.content = Objects.requireNonNull(content, "content");
        this.bodyType = Objects.requireNonNull(bodyType, "bodyType");
    }

    /** The envelope recipient: the original's sender. */
    public MailAddress recipient() {
        return recipient;
    }

    /** The BODY parameter to send with: 8BITMIME or BINARYMIME when a part needs it. */
    public BodyType bodyType() {
        return bodyType;
    }

    /**
     * Whether sending needs SMTPUTF8 (RFC 6531): when the recipient, who is also in the To field,
     * has a UTF-8 local part. UTF-8 in the parts alone needs only 8BITMIME.
     */
    public boolean requiresSmtpUtf8() {
        return recipient.requiresSmtpUtf8();
    }

    public int size() {
        return content.length;
    }

    public InputStream openStream() {
        return new ByteArrayInputStream(content);
    }

    /** A copy of the octets. */
    public byte[] toByteArray() {
        return content.clone();
    }
}
