package io.mailfleet.smtp.client;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.DsnNotify;
import io.mailfleet.model.event.Recipient;
import java.util.stream.Collectors;

/** MAIL FROM and RCPT TO with the parameters the server's extensions allow. */
final class EnvelopeCommands {

    private EnvelopeCommands() {
    }

    static String mailFrom(MailTransaction transaction, Capabilities server) {
        StringBuilder command = new StringBuilder("MAIL FROM:<")
                .append(transaction.reversePath().map(MailAddress::toString).orElse(""))
                .append('>');
        if (server.size()) {
            command.append(" SIZE=").append(transaction.size());
        }
        if (transaction.bodyType() == BodyType.BINARY_MIME) {
            command.append(" BODY=BINARYMIME");
        } else if (transaction.bodyType() == BodyType.EIGHT_BIT_MIME && server.eightBitMime()) {
            command.append(" BODY=8BITMIME");
        }
        // RFC 6152 §3 has a client convert an 8-bit body to 7 bit, or return it, when the server
        // lacks 8BITMIME. We knowingly do neither: we send it as it is, without the BODY parameter
        // such a server would refuse as unknown. Converting means rewriting MIME parts, which the
        // relay does not do; and servers that mangle 8-bit octets have all but gone, so returning
        // the message would fail mail that gets through. (No BODY=7BIT either: it is the default.)
        if (transaction.smtpUtf8()) {
            command.append(" SMTPUTF8");
        }
        if (server.dsn()) {
            transaction.dsnReturn().ifPresent(ret -> command.append(" RET=").append(ret.name()));
            transaction.envelopeId().ifPresent(id -> command.append(" ENVID=").append(Xtext.encode(id)));
        }
        return command.append("\r\n").toString();
    }

    static String rcptTo(Recipient recipient, Capabilities server) {
        StringBuilder command = new StringBuilder("RCPT TO:<").append(recipient.address()).append('>');
        if (server.dsn()) {
            if (!recipient.dsnNotify().isEmpty()) {
                command.append(" NOTIFY=").append(recipient.dsnNotify().stream()
                        .map(DsnNotify::name).collect(Collectors.joining(",")));
            }
            recipient.originalRecipient().ifPresent(original -> command.append(" ORCPT=")
                    .append(original.addressType()).append(';').append(Xtext.encode(original.address())));
        }
        return command.append("\r\n").toString();
    }
}
