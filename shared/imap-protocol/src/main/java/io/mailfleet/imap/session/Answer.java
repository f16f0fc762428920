package io.mailfleet.imap.session;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.StatusResponse.Condition;
import io.mailfleet.imap.selected.SelectedMailbox;

/** The gateway's answer to a {@link Question}. */
public sealed interface Answer {

    /** The credentials are valid for this identity. */
    record Authenticated(String user) implements Answer {
        public Authenticated {
            Objects.requireNonNull(user, "user");
        }
    }

    /** The credentials are invalid: {@code NO [AUTHENTICATIONFAILED]}. */
    record Rejected() implements Answer {
    }

    /** The decision could not be made now (a backend is down): {@code NO [UNAVAILABLE]}. */
    record Unavailable() implements Answer {
    }

    /**
     * The credentials are valid, but the account has as many sessions open as it may:
     * {@code NO [LIMIT]} (RFC 5530 §3), and the connection stays unauthenticated.
     */
    record TooManySessions() implements Answer {
    }

    /**
     * The mailbox is open.
     *
     * @param flags the flags defined in it, for {@code * FLAGS}
     * @param permanentFlags the flags a client may store, {@code \*} for new keywords; empty for EXAMINE
     * @param firstUnseen the MSN of the first message without {@code \Seen}, for IMAP4rev1 clients
     * @param mailboxId the RFC 8474 object id, or null
     * @param untagged further responses before the tagged OK: VANISHED (EARLIER) and FETCH for a QRESYNC
     *     select (RFC 7162 §3.2.5.2). The session adds the LIST IMAP4rev2 asks for itself.
     */
    record Selected(SelectedMailbox mailbox, List<String> flags, List<String> permanentFlags, long uidNext,
            OptionalLong firstUnseen, String mailboxId, List<Response> untagged) implements Answer {
        public Selected {
            Objects.requireNonNull(mailbox, "mailbox");
            flags = List.copyOf(flags);
            permanentFlags = List.copyOf(permanentFlags);
            Objects.requireNonNull(firstUnseen, "firstUnseen");
            untagged = List.copyOf(untagged);
        }
    }

    /** Go on with the APPEND message: its octets follow as {@link Effect.AppendData}. */
    record Proceed() implements Answer {
    }

    /**
     * The command is done: send {@code untagged}, then the tagged response {@code condition [code] text}.
     *
     * @param code null for none
     */
    record Completed(List<Response> untagged, Condition condition, ResponseCode code, String text)
            implements Answer {
        public Completed {
            untagged = List.copyOf(untagged);
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(text, "text");
            if (condition != Condition.OK && condition != Condition.NO && condition != Condition.BAD) {
                throw new IllegalArgumentException("a command completes with OK, NO or BAD");
            }
        }

        public static Completed ok(List<Response> untagged, String text) {
            return new Completed(untagged, Condition.OK, null, text);
        }

        public static Completed no(ResponseCode code, String text) {
            return new Completed(List.of(), Condition.NO, code, text);
        }
    }
}
