package io.mailfleet.imap.wire;

import io.mailfleet.model.mailbox.Flag;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** What {@link ImapReader#next()} found in the client's input. */
public sealed interface ReaderEvent {

    /**
     * A complete command other than APPEND: its tag, and its text and literals after the tag, positioned
     * at the command name. {@code io.mailfleet.imap.command.CommandTable} parses it.
     */
    record Command(String tag, Arguments arguments) implements ReaderEvent {
    }

    /**
     * A synchronizing literal {@code {n}} within the limits: the client waits for a continuation request.
     * The session must call {@link ImapReader#acceptLiteral()} (and send {@code + ...}) or
     * {@link ImapReader#refuseLiteral()} (and answer the tag) before reading on.
     */
    record ContinuationNeeded(String tag, long size) implements ReaderEvent {
    }

    /**
     * The start of one APPEND message (RFC 3501 §6.3.11; one of several under MULTIAPPEND, RFC 3502).
     * Its octets follow as {@link AppendChunk}s and an {@link AppendMessageEnd}. When
     * {@code synchronizing}, the session must first accept or refuse the literal as for
     * {@link ContinuationNeeded}; a non-synchronizing message may still be refused before its first chunk.
     *
     * @param mailbox the mailbox name in its wire form
     * @param binary sent as {@code ~{n}} (RFC 3516): the octets may hold NUL
     * @param utf8 sent inside {@code UTF8 (...)} (RFC 6855 §4)
     */
    record AppendMessageStart(String tag, String mailbox, List<Flag> flags, Optional<OffsetDateTime> internalDate,
            long size, boolean binary, boolean utf8, boolean synchronizing) implements ReaderEvent {
    }

    /** Octets of the current APPEND message, in order; the array is the session's to keep. */
    record AppendChunk(byte[] octets) implements ReaderEvent {
    }

    /** The current APPEND message is complete; another may follow in the same command. */
    record AppendMessageEnd() implements ReaderEvent {
    }

    /** The APPEND command ended well after this many messages: the session may commit them. */
    record AppendDone(String tag, int messages) implements ReaderEvent {
    }

    /**
     * A line the session asked for with {@link ImapReader#expectContinuationLine()}: an AUTHENTICATE
     * response or IDLE's {@code DONE}.
     */
    record ContinuationLine(String text) implements ReaderEvent {
    }

    /**
     * A command the reader refused; its unread rest (literals included) is skipped, so the next event is
     * a new command. An APPEND refused after some messages were delivered is void as a whole (RFC 3502).
     *
     * @param tag the tag when one was read: answer {@code tag BAD ...} (or {@code NO}), else {@code * BAD}
     */
    record Rejected(Optional<String> tag, Rejection rejection, String text) implements ReaderEvent {
    }

    /** Why a command was refused, and so what to answer. */
    enum Rejection {
        /** The text breaks the grammar: {@code BAD}. */
        SYNTAX,
        /** The command's text is over {@link ReaderLimits#maxCommandLength()}: {@code BAD}. */
        COMMAND_TOO_LONG,
        /** A literal other than an APPEND message is over the limits: {@code BAD [TOOBIG]}. */
        LITERAL_TOO_BIG,
        /**
         * A non-synchronizing literal over {@link ReaderLimits#nonSynchronizingLimit()} (LITERAL-, RFC 7888
         * §5): {@code BAD [TOOBIG]}, and its octets are read and discarded (§4, the first choice); or the
         * session takes the second choice, {@code * BYE [TOOBIG]}, and closes the connection.
         */
        NON_SYNCHRONIZING_TOO_BIG,
        /** An APPEND message over {@link ReaderLimits#maxMessageSize()}: {@code NO [TOOBIG]}. */
        MESSAGE_TOO_BIG
    }
}
