package io.mailfleet.imap.session;

import java.util.Objects;

import io.mailfleet.imap.response.FetchItem;

/** What the session asks the wiring to do, in the order returned. */
public sealed interface Effect {

    /** Write these octets to the client. */
    record Write(byte[] bytes) implements Effect {
        public Write {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * Write the octets of this body section of message {@code uid}, exactly {@link FetchItem.BodySection#octets()}
     * of them, from the store; the literal's head is already written.
     */
    record SendBody(long uid, FetchItem.BodySection section) implements Effect {
        public SendBody {
            Objects.requireNonNull(section, "section");
        }
    }

    /** Start the TLS handshake once what came before is written, then call {@link ImapSession#tlsStarted()}. */
    record StartTls() implements Effect {
    }

    /**
     * Compress both directions with raw DEFLATE (RFC 4978) from the octets after what came before, which
     * go out uncompressed; input is read decompressed from then on.
     */
    record StartCompression() implements Effect {
    }

    /** Close the connection once what came before is written. */
    record Close() implements Effect {
    }

    /** Decide this, then call {@link ImapSession#answer}; the session reads no input until then. */
    record Ask(Question question) implements Effect {
        public Ask {
            Objects.requireNonNull(question, "question");
        }
    }

    /** Octets of the APPEND message {@link Question.AppendMessage} opened; the array is the wiring's to keep. */
    record AppendData(byte[] octets) implements Effect {
        public AppendData {
            Objects.requireNonNull(octets, "octets");
        }
    }
}
