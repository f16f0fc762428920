package io.mailfleet.imap.session;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.mailfleet.imap.command.ImapCommand;
import io.mailfleet.imap.command.SelectCommand;
import io.mailfleet.imap.selected.Reporting;
import io.mailfleet.imap.selected.SelectedMailbox;
import io.mailfleet.imap.wire.ModifiedUtf7;
import io.mailfleet.model.mailbox.Flag;

/** Work the session needs the gateway (accounts, the store) to do; each names the answers it takes. */
public sealed interface Question {

    /**
     * Are these credentials valid? {@link Answer.Authenticated}, {@link Answer.Rejected},
     * {@link Answer.Unavailable} or {@link Answer.TooManySessions}.
     *
     * @param method {@code LOGIN} for the LOGIN command, else {@code AUTHENTICATE PLAIN} or {@code AUTHENTICATE LOGIN}
     */
    record Authenticate(String method, String user, String password) implements Question {
        public Authenticate {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Authenticate[method=" + method + ", user=" + user + ", password=(hidden)]";
        }
    }

    /**
     * Open this mailbox for SELECT or EXAMINE: {@link Answer.Selected}, or {@link Answer.Completed} with NO
     * (e.g. {@code [NONEXISTENT]}). With QRESYNC parameters, put the VANISHED (EARLIER) and FETCH responses
     * of RFC 7162 §3.2.5.2 into {@link Answer.Selected#untagged()}.
     *
     * @param mailbox the name decoded from its wire form
     */
    record Select(SelectCommand command, String mailbox, Context context) implements Question {
        public Select {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(context, "context");
        }
    }

    /**
     * Carry out a command of the authenticated or selected state and answer {@link Answer.Completed} with its
     * untagged data (FETCH responses included, whose body data the session has the wiring stream). Changes
     * the command made to the selected mailbox (EXPUNGE, STORE, MOVE, COPY or APPEND into it) go to
     * {@link Context#selected()} before answering: the session reports them in the order and at the moment the
     * RFCs allow, like changes made by other sessions. A STORE .SILENT reports none of its own flag changes.
     *
     * @param uids the UIDs the command's message set names ({@code $} included, RFC 5182), resolved against the
     *     session's message numbers and ascending; empty when it names none, and null when the command has no
     *     message set. A search with {@code RETURN (SAVE)} hands its result to
     *     {@link SelectedMailbox#saveSearchResult}.
     */
    record Execute(ImapCommand command, long[] uids, Context context) implements Question {
        public Execute {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(context, "context");
        }
    }

    /**
     * An APPEND message starts: open a message of {@code size} octets in {@code mailbox}, take its octets
     * from the {@link Effect.AppendData} effects that follow, and answer {@link Answer.Proceed}; or answer
     * {@link Answer.Completed} with NO ({@code [TRYCREATE]}, {@code [OVERQUOTA]}, ...) to refuse the whole
     * APPEND. Once every message is in, {@link AppendCommit} follows.
     */
    record AppendMessage(String tag, String mailbox, List<Flag> flags, Optional<OffsetDateTime> internalDate,
            long size, boolean binary, Context context) implements Question {
        public AppendMessage {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
            flags = List.copyOf(flags);
            Objects.requireNonNull(internalDate, "internalDate");
            Objects.requireNonNull(context, "context");
        }
    }

    /**
     * All {@code messages} APPEND messages are in: store them together and answer {@link Answer.Completed}
     * ({@code OK [APPENDUID ...]}, or NO and none is stored). {@code aborted} when the client broke the command
     * off: drop them, and the answer is ignored but must come.
     */
    record AppendCommit(String tag, int messages, boolean aborted) implements Question {
    }

    /**
     * What the gateway may need to know of the session.
     *
     * @param user the logged-in identity
     * @param selected the selected mailbox, or null
     * @param utf8 mailbox names and quoted strings are UTF-8 (UTF8=ACCEPT or IMAP4rev2 enabled)
     * @param reporting what the client enabled that changes responses: IMAP4rev2, CONDSTORE, QRESYNC
     */
    record Context(String user, SelectedMailbox selected, boolean utf8, Reporting reporting) {

        public boolean imap4rev2() {
            return reporting.imap4rev2();
        }

        /** A mailbox name as the client sent it (modified UTF-7 unless UTF-8 is on), decoded. */
        public String mailboxName(String wire) {
            return decodeMailbox(wire, utf8);
        }
    }

    /**
     * @throws IllegalArgumentException for a name that is not valid modified UTF-7
     */
    static String decodeMailbox(String wire, boolean utf8) {
        if (wire.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        return utf8 ? wire : ModifiedUtf7.decode(wire);
    }
}
