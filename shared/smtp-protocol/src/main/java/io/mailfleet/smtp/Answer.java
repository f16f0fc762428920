package io.mailfleet.smtp;

import java.util.Objects;
import java.util.Optional;

/** The wiring's answer to a {@link Question}; each question accepts only the answers its documentation names. */
public sealed interface Answer {

    /** The recipient is accepted: 250 2.1.5. */
    record RecipientAccepted() implements Answer {
    }

    /** Refused with this 4xx or 5xx reply, for a recipient or a message. */
    record Rejected(SmtpReply reply) implements Answer {
        public Rejected {
            Objects.requireNonNull(reply, "reply");
            if (!reply.isFailure()) {
                throw new IllegalArgumentException("a rejection needs a 4xx or 5xx reply: " + reply.code());
            }
        }
    }

    /** The credentials are valid for this identity: 235 2.7.0. */
    record Authenticated(String identity) implements Answer {
        public Authenticated {
            Objects.requireNonNull(identity, "identity");
            if (identity.isBlank()) {
                throw new IllegalArgumentException("identity is blank");
            }
        }
    }

    /** The credentials are invalid: 535 5.7.8. */
    record AuthenticationFailed() implements Answer {
    }

    /** The credentials could not be checked now: 454 4.7.0. */
    record AuthenticationUnavailable() implements Answer {
    }

    /**
     * The message is durable: 250 2.0.0 with the queue id.
     *
     * @param queueId the id to show, or empty to show the session's own queue id
     */
    record Accepted(Optional<String> queueId) implements Answer {
        public Accepted {
            Objects.requireNonNull(queueId, "queueId");
        }
    }

    /** The message could not be made durable now: 451 4.3.0, the client retries. */
    record TemporaryFailure() implements Answer {
    }
}
