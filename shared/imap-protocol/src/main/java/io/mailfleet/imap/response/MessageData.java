package io.mailfleet.imap.response;

import java.util.Objects;

/** Untagged data about removed messages: EXPUNGE (RFC 3501 §7.4.1) and VANISHED (RFC 7162 §3.2.10). */
public interface MessageData extends Response {

    /** {@code * n EXPUNGE}: message n is gone and every later number drops by one at once. */
    record Expunge(long msn) implements MessageData {
        public Expunge {
            if (msn < 1) {
                throw new IllegalArgumentException("message numbers start at 1");
            }
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("* ").number(msn).raw(" EXPUNGE").crlf();
        }
    }

    /**
     * {@code * VANISHED [(EARLIER)] uids}: with QRESYNC enabled, the UIDs of expunged messages; EARLIER when
     * it answers a FETCH or SELECT about the past rather than reporting a new expunge.
     */
    record Vanished(boolean earlier, NumberSet uids) implements MessageData {
        public Vanished {
            Objects.requireNonNull(uids, "uids");
            if (uids.isEmpty()) {
                throw new IllegalArgumentException("VANISHED needs at least one UID");
            }
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw(earlier ? "* VANISHED (EARLIER) " : "* VANISHED ").raw(uids.encode()).crlf();
        }
    }
}
