package io.mailfleet.auth;

import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.account.Account;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The outcome of a login, for the protocol to turn into its own reply. */
public sealed interface AuthResult {

    /** The password matched: the session now acts as this account, and only this account. */
    record Success(Account account) implements AuthResult {

        public Success {
            Objects.requireNonNull(account, "account");
        }
    }

    /**
     * The login was refused. {@link Reason#BAD_CREDENTIALS} is the same whether the user does not
     * exist or the password is wrong, so a client learns nothing about which accounts exist.
     *
     * @param retryAfter how long until a retry can be checked, present exactly for {@link Reason#THROTTLED}
     */
    record Failure(Reason reason, Optional<Duration> retryAfter) implements AuthResult {

        public enum Reason {
            /** Unknown user, wrong password or a username that is not an address: a permanent failure. */
            BAD_CREDENTIALS,
            /** Too many recent failures for this user or client; the password was not checked. A temporary failure. */
            THROTTLED
        }

        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
            boolean throttled = reason == Reason.THROTTLED;
            if (throttled != retryAfter.isPresent()) {
                throw new IllegalArgumentException("retryAfter is given exactly when throttled: " + reason + ", " + retryAfter);
            }
            if (retryAfter.isPresent() && (retryAfter.get().isNegative() || retryAfter.get().isZero())) {
                throw new IllegalArgumentException("retryAfter must be positive, is " + retryAfter.get());
            }
        }

        public static Failure badCredentials() {
            return new Failure(Reason.BAD_CREDENTIALS, Optional.empty());
        }

        public static Failure throttled(Duration retryAfter) {
            return new Failure(Reason.THROTTLED, Optional.of(retryAfter));
        }
    }

    /**
     * The account store did not answer, so nothing is known about the password: protocols reply
     * with their temporary error, never with a success or a permanent failure.
     */
    record Unavailable(StoreUnavailableException cause) implements AuthResult {

        public Unavailable {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
