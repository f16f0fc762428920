package io.mailfleet.pop3;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The wiring's answer to a {@link Question}; each question accepts only the answers its documentation names. */
public sealed interface Answer {

    /** The credentials are valid for this identity, whose maildrop is opened next. */
    record Authenticated(String user) implements Answer {
        public Authenticated {
            Objects.requireNonNull(user, "user");
            // It is shown in the +OK after login, so it must fit on the line.
            if (user.isBlank() || user.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
                throw new IllegalArgumentException("user is blank or has control characters");
            }
        }
    }

    /** The credentials are invalid: {@code -ERR [AUTH]} after a delay. */
    record Rejected() implements Answer {
    }

    /**
     * The decision could not be made now (the account store, the lock or the mail store is down):
     * {@code -ERR [SYS/TEMP]}, and the client may try again later.
     */
    record Unavailable() implements Answer {
    }

    /** The maildrop is locked for this session; these are its messages, numbered from 1 in this order. */
    record Opened(List<MaildropMessage> messages) implements Answer {
        public Opened {
            messages = List.copyOf(messages);
            Set<String> ids = new HashSet<>();
            for (MaildropMessage message : messages) {
                if (!ids.add(message.uniqueId())) {
                    throw new IllegalArgumentException("unique-id occurs twice: " + message.uniqueId());
                }
            }
        }
    }

    /** Another session holds the maildrop's lock: {@code -ERR [IN-USE]} (RFC 2449 §8.1.1). */
    record InUse() implements Answer {
    }

    /** The whole encoded message, terminator included, was written. */
    record Transferred() implements Answer {
    }

    /** The message could not be sent in full; the session closes without another response. */
    record TransferFailed() implements Answer {
    }

    /** The messages marked deleted are gone from the maildrop. */
    record Committed() implements Answer {
    }
}
