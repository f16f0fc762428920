package io.mailfleet.smtp.client;

import java.util.Objects;

/** What the session asks the wiring to do, in the order returned. */
public sealed interface Effect {

    /** Write these bytes to the server. */
    record Write(byte[] bytes) implements Effect {
        public Write {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * Do the TLS handshake on the connection now, the server having answered 220 to STARTTLS;
     * then call {@link SmtpClientSession#tlsStarted()} or {@link SmtpClientSession#tlsFailed(String)}.
     */
    record StartTls() implements Effect {
    }

    /**
     * Send the message now, framed as asked; then call {@link SmtpClientSession#bodySent()}, or
     * {@link SmtpClientSession#bodyFailed(String)} when the message cannot be read.
     */
    record SendBody(BodyFraming framing) implements Effect {
        public SendBody {
            Objects.requireNonNull(framing, "framing");
        }
    }

    /** The transaction is over; the session is idle, resetting, or closing after this. */
    record TransactionFinished(TransactionResult result) implements Effect {
        public TransactionFinished {
            Objects.requireNonNull(result, "result");
        }
    }

    /** Close the connection after the writes before this effect. */
    record Close() implements Effect {
    }
}
