package io.mailfleet.mime;

import java.util.List;

import io.mailfleet.mime.field.AddressListParser;
import io.mailfleet.mime.field.HeaderText;
import io.mailfleet.mime.model.Address;
import io.mailfleet.mime.model.Envelope;

/** Builds the IMAP ENVELOPE from a message header (RFC 3501 §7.4.2). */
final class EnvelopeReader {

    private EnvelopeReader() {
    }

    static Envelope read(HeaderBlock header) {
        List<Address> from = addresses(header, "from");
        List<Address> sender = addresses(header, "sender");
        List<Address> replyTo = addresses(header, "reply-to");
        String subject = header.value("subject");
        return new Envelope(
                header.value("date"),
                subject,
                subject == null ? null : HeaderText.decodeEncodedWords(subject),
                from,
                // "If the Sender or Reply-To lines are absent in the [RFC-2822] header, or are
                // present but empty, the server sets the corresponding member of the envelope to
                // be the same value as the from member."
                sender.isEmpty() ? from : sender,
                replyTo.isEmpty() ? from : replyTo,
                addresses(header, "to"),
                addresses(header, "cc"),
                addresses(header, "bcc"),
                header.value("in-reply-to"),
                header.value("message-id"));
    }

    private static List<Address> addresses(HeaderBlock header, String name) {
        String value = header.value(name);
        return value == null ? List.of() : AddressListParser.parse(value);
    }
}
