package io.mailfleet.smtp;

import java.util.Objects;

/** What the session asks the wiring to do, in the order returned. */
public sealed interface Effect {

    /** Write these bytes to the client. */
    record Reply(SmtpReply reply) implements Effect {
        public Reply {
            Objects.requireNonNull(reply, "reply");
        }

        /** The exact bytes to write, CRLF-terminated lines. */
        public byte[] bytes() {
            return reply.toBytes();
        }
    }

    /** Start the TLS handshake now (the 220 before it is written), then call {@link SmtpSession#tlsStarted}. */
    record StartTls() implements Effect {
    }

    /** Close the connection after writing the replies before this effect. */
    record Close() implements Effect {
    }

    /** A message begins; its content follows as {@link MessageBytes}. */
    record MessageStarted(Envelope envelope) implements Effect {
        public MessageStarted {
            Objects.requireNonNull(envelope, "envelope");
        }
    }

    /**
     * The next piece of the message as it is to be stored: trace and added headers, then the content.
     * The array is made for this effect alone and handed over, not copied: whoever takes the effect
     * may keep it, and nobody changes it. A body passes the wiring once on its way to the store, and
     * a copy per piece would be a copy of the whole body.
     */
    record MessageBytes(byte[] bytes) implements Effect {
        public MessageBytes {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * The message content is complete; a {@link Decide} with {@link Question.AcceptMessage} follows.
     *
     * @param contentSize the client's content octets, without the headers we added
     */
    record MessageComplete(long contentSize) implements Effect {
    }

    /** The started message is dropped; nothing of it may be kept. */
    record MessageAborted(AbortReason reason) implements Effect {
        public MessageAborted {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Decide this, then call {@link SmtpSession#answer}; the session reads no input until then. */
    record Decide(Question question) implements Effect {
        public Decide {
            Objects.requireNonNull(question, "question");
        }
    }
}
