package io.mailfleet.pop3;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** A decision the session needs from the wiring (accounts, locks, storage). */
public sealed interface Question {

    /**
     * Are these credentials valid? Answer {@link Answer.Authenticated}, {@link Answer.Rejected} or
     * {@link Answer.Unavailable}.
     *
     * @param mechanism {@code USER} for USER/PASS (RFC 1939 §7), else the SASL mechanism, {@code PLAIN} or
     *     {@code LOGIN}
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
     * Lock the user's maildrop for this session and snapshot its messages (RFC 1939 §4: the lock is
     * exclusive, and the message numbers hold until the session ends). Answer {@link Answer.Opened},
     * {@link Answer.InUse} when another session holds the lock, or {@link Answer.Unavailable}; the lock is
     * held only after {@link Answer.Opened}, and released when the connection ends.
     *
     * @param user the identity of {@link Answer.Authenticated}
     */
    record OpenMaildrop(String user) implements Question {
        public OpenMaildrop {
            Objects.requireNonNull(user, "user");
        }
    }

    /**
     * Send the message: open its stored content; if it cannot be had now, answer {@link Answer.Unavailable}
     * ({@code -ERR [SYS/TEMP]}, and the session goes on). Otherwise write {@link #okLine()}, stream the
     * octets through {@link #encoder()} to the client, then answer {@link Answer.Transferred}. If the
     * content breaks off after the {@code +OK}, answer {@link Answer.TransferFailed}: a multi-line response
     * cannot be cut short validly (RFC 1939 §3 has no way to say the rest is missing), so the session then
     * closes without another response.
     *
     * @param number the message number the client asked for
     * @param bodyLines for TOP, the body lines to send after the header section; empty for RETR
     */
    record SendMessage(int number, MaildropMessage message, OptionalLong bodyLines) implements Question {
        public SendMessage {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(bodyLines, "bodyLines");
        }

        /** The first line of the response, {@code +OK}, for the wiring to write once the content is open. */
        public byte[] okLine() {
            return (bodyLines.isPresent() ? Replies.TOP_FOLLOWS : Pop3Reply.ok(message.size() + " octets")).toBytes();
        }

        /** A fresh encoder for this response: the whole message for RETR, the TOP filter for TOP. */
        public MultilineEncoder encoder() {
            return bodyLines.isPresent() ? MultilineEncoder.top(bodyLines.getAsLong()) : MultilineEncoder.whole();
        }
    }

    /**
     * QUIT in the TRANSACTION state enters UPDATE (RFC 1939 §6): remove these messages from the maildrop
     * and give the maildrop back. Answer {@link Answer.Committed} once they are gone, or
     * {@link Answer.Unavailable}; the session signs off after either, and closes. Asked after every QUIT
     * in that state, with no messages when none are marked deleted, and never on a lost connection or a
     * timeout.
     *
     * @param uniqueIds the unique-ids of the messages marked deleted, in message-number order; may be empty
     */
    record CommitDeletions(String user, List<String> uniqueIds) implements Question {
        public CommitDeletions {
            Objects.requireNonNull(user, "user");
            uniqueIds = List.copyOf(uniqueIds);
        }
    }
}
