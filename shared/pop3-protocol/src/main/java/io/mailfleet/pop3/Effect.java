package io.mailfleet.pop3;

import java.time.Duration;
import java.util.Objects;

/** What the session asks the wiring to do, in the order returned. */
public sealed interface Effect {

    /** Write this response to the client. */
    record Reply(Pop3Reply reply) implements Effect {
        public Reply {
            Objects.requireNonNull(reply, "reply");
        }

        /** The exact bytes to write. */
        public byte[] bytes() {
            return reply.toBytes();
        }
    }

    /** Start the TLS handshake now (the {@code +OK} before it is written), then call {@link Pop3Session#tlsStarted}. */
    record StartTls() implements Effect {
    }

    /** Close the connection after writing what came before this effect, and release the maildrop if it is open. */
    record Close() implements Effect {
    }

    /** Decide this, then call {@link Pop3Session#answer}; the session reads no input until then. */
    record Decide(Question question) implements Effect {
        public Decide {
            Objects.requireNonNull(question, "question");
        }
    }

    /**
     * Wait this long, then call {@link Pop3Session#delayElapsed}; the session reads no input until then. It
     * follows rejected credentials, so that guessing passwords costs the guesser time; the response comes
     * after it.
     */
    record Delay(Duration duration) implements Effect {
        public Delay {
            Objects.requireNonNull(duration, "duration");
        }
    }
}
