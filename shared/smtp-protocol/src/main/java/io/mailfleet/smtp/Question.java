package io.mailfleet.smtp;

import io.mailfleet.model.address.MailAddress;
import java.util.Objects;
import java.util.Optional;

/** A decision the session needs from the wiring (policy, accounts, storage). */
public sealed interface Question {

    /**
     * May this recipient be accepted? Answer {@link Answer.RecipientAccepted} or {@link Answer.Rejected}
     * (e.g. 550 5.1.1 unknown user, 554 5.7.1 relay denied, 451 4.3.0 lookup failed).
     */
    record CheckRecipient(MailAddress address, Optional<String> authenticatedIdentity) implements Question {
        public CheckRecipient {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(authenticatedIdentity, "authenticatedIdentity");
        }
    }

    /**
     * Are these credentials valid? Answer {@link Answer.Authenticated}, {@link Answer.AuthenticationFailed}
     * or {@link Answer.AuthenticationUnavailable}.
     */
    record Authenticate(String mechanism, String username, String password) implements Question {
        public Authenticate {
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Authenticate[mechanism=" + mechanism + ", username=" + username + ", password=(hidden)]";
        }
    }

    /**
     * Make the complete message durable. Answer {@link Answer.Accepted} only once it is (docs/architecture.md,
     * invariant 1), {@link Answer.TemporaryFailure} when storage failed, or {@link Answer.Rejected}.
     */
    record AcceptMessage(Envelope envelope, long contentSize) implements Question {
        public AcceptMessage {
            Objects.requireNonNull(envelope, "envelope");
        }
    }
}
