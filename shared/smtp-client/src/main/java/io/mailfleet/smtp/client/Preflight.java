package io.mailfleet.smtp.client;

import io.mailfleet.model.event.BodyType;
import java.util.Optional;

/** What the server's extensions rule out before anything of the transaction is sent. */
final class Preflight {

    private Preflight() {
    }

    /** Why the server cannot take the message at all, if it cannot; every recipient then fails permanently. */
    static Optional<Diagnosis.Local> refusal(MailTransaction transaction, Capabilities server) {
        if (transaction.smtpUtf8() && !server.smtpUtf8()) {
            // RFC 6531 §3.4: no downgrade; the message is returned.
            return Optional.of(new Diagnosis.Local("6.7", "the message needs SMTPUTF8, which the server does not offer"));
        }
        if (server.maxSize() > 0 && transaction.size() > server.maxSize()) {
            // RFC 1870 §6.1: the client should not send what the server declared it will refuse.
            return Optional.of(new Diagnosis.Local("3.4", "the message of " + transaction.size()
                    + " octets exceeds the server's limit of " + server.maxSize()));
        }
        if (transaction.bodyType() == BodyType.BINARY_MIME && !(server.chunking() && server.binaryMime())) {
            // RFC 3030 §3: a binary body cannot go with DATA, and we do not encode it to 7 bit.
            return Optional.of(new Diagnosis.Local("6.3",
                    "the message is BINARYMIME, which needs CHUNKING and BINARYMIME; the server does not offer both"));
        }
        return Optional.empty();
    }
}
