package io.mailfleet.mime.model;

import java.util.List;

/**
 * The IMAP ENVELOPE of a message (RFC 3501 §7.4.2, RFC 9051 §7.5.2).
 *
 * <p>String fields hold the header value as written, unfolded and trimmed, because that is what
 * ENVELOPE carries: clients decode RFC 2047 themselves. {@code decodedSubject} is the display form.
 * Sender and reply-to already hold the from list when their header is absent or empty, as the
 * RFC makes the server do. Absent fields are null; absent address lists are empty.
 */
public record Envelope(
        String date,
        String subject,
        String decodedSubject,
        List<Address> from,
        List<Address> sender,
        List<Address> replyTo,
        List<Address> to,
        List<Address> cc,
        List<Address> bcc,
        String inReplyTo,
        String messageId) {

    public Envelope {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }
}
