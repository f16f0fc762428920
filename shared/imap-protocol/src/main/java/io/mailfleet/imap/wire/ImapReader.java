package io.mailfleet.imap.wire;

import io.mailfleet.imap.wire.ReaderEvent.AppendChunk;
import io.mailfleet.imap.wire.ReaderEvent.AppendDone;
import io.mailfleet.imap.wire.ReaderEvent.AppendMessageEnd;
import io.mailfleet.imap.wire.ReaderEvent.AppendMessageStart;
import io.mailfleet.imap.wire.ReaderEvent.Command;
import io.mailfleet.imap.wire.ReaderEvent.ContinuationLine;
import io.mailfleet.imap.wire.ReaderEvent.ContinuationNeeded;
import io.mailfleet.imap.wire.ReaderEvent.Rejected;
import io.mailfleet.imap.wire.ReaderEvent.Rejection;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.protocol.InputBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The incremental reader of client input: bytes are {@link #feed fed} in chunks split anywhere, and
 * {@link #next()} returns each {@link ReaderEvent} as soon as its bytes are in, or null when it needs
 * more. Memory is bounded by the limits: a command is held until complete (at most
 * {@link ReaderLimits#maxCommandLength()}), an APPEND message never (it leaves as chunks), and refused
 * input is skipped without being kept.
 */
public final class ImapReader {

    private static final int INITIAL_BUFFER = 4096;
    /** Enough of a discarded line's end to find a literal announcement there. */
    private static final int TAIL = 32;

    private enum State {
        /** Reading a line of the current command, or the first line of the next. */
        LINE,
        /** Collecting a literal of a command other than APPEND's message. */
        LITERAL,
        /** A synchronizing literal was announced; the session must accept or refuse it. */
        DECISION,
        /** Handing over an APPEND message's octets. */
        MESSAGE,
        /** Skipping the rest of a refused command's line. */
        DISCARD_LINE,
        /** Skipping a refused command's non-synchronizing literal. */
        DISCARD_LITERAL
    }

    /** What is known of the APPEND command being read. */
    private static final class Append {
        String mailbox;
        int messages;
        boolean afterMessage;
        boolean insideUtf8;
    }

    private final ReaderLimits limits;
    private final InputBuffer input = new InputBuffer(INITIAL_BUFFER);
    private State state = State.LINE;
    private boolean needInput;
    private boolean utf8;
    private boolean continuationLineWanted;

    private String tag;
    private Arguments.Builder command;
    private long commandLength;
    private Append append;
    private LiteralMarker pending;
    private byte[] literal;
    private int literalFilled;
    private int literalMarkerStart;
    private long remaining;
    private boolean messageStarted;
    private final byte[] tail = new byte[TAIL];
    private int tailLength;
    /** Octets at the start of the input already known to hold no line feed. */
    private int scanned;

    public ImapReader(ReaderLimits limits) {
        this.limits = limits;
    }

    public void feed(ByteBuffer bytes) {
        input.append(bytes);
    }

    /**
     * Accepts UTF-8 in quoted strings from now on (UTF8=ACCEPT, RFC 6855 §3, or an IMAP4rev2 session).
     * Before, text outside literals must be 7-bit ASCII.
     */
    public void enableUtf8() {
        utf8 = true;
    }

    /** The next line is not a command but a continuation: an AUTHENTICATE response or IDLE's DONE. */
    public void expectContinuationLine() {
        continuationLineWanted = true;
    }

    /** Lets the client send the announced synchronizing literal (the session sends {@code + ...}). */
    public void acceptLiteral() {
        if (state != State.DECISION) {
            throw new IllegalStateException("no literal awaits a decision");
        }
        if (append != null && append.mailbox != null) {
            state = State.MESSAGE;
        } else {
            startLiteral();
        }
    }

    /**
     * Refuses the announced literal; the session answers the command's tag. A synchronizing literal is
     * never sent, so the reader resumes at the next line; a non-synchronizing APPEND message that has not
     * started is skipped with the rest of its command.
     */
    public void refuseLiteral() {
        if (state == State.DECISION) {
            endCommand();
            state = State.LINE;
        } else if (state == State.MESSAGE && !messageStarted) {
            endCommand();
            state = State.DISCARD_LITERAL;
        } else {
            throw new IllegalStateException("no literal to refuse");
        }
    }

    /** The next event, or null when more input is needed. */
    public ReaderEvent next() {
        while (true) {
            needInput = false;
            ReaderEvent event = switch (state) {
                case LINE -> readLine();
                case LITERAL -> readLiteral();
                case DECISION -> throw new IllegalStateException("accept or refuse the announced literal first");
                case MESSAGE -> readMessage();
                case DISCARD_LINE -> discardLine();
                case DISCARD_LITERAL -> discardLiteral();
            };
            if (event != null || needInput) {
                return event;
            }
        }
    }

    private ReaderEvent readLine() {
        long budget = limits.maxCommandLength() - commandLength;
        int limit = (int) Math.min(input.available(), budget + 2);
        int newline = -1;
        // Only octets not yet looked at are scanned, so a line trickling in costs linear time.
        for (int i = scanned; i < limit && newline < 0; i++) {
            if (input.get(i) == '\n') {
                newline = i;
            }
        }
        if (newline < 0) {
            scanned = limit;
            if (input.available() >= budget + 2) {
                return refuseLongLine();
            }
            needInput = true;
            return null;
        }
        scanned = 0;
        byte[] octets = input.take(newline + 1);
        int end = newline > 0 && octets[newline - 1] == '\r' ? newline - 1 : newline;
        LiteralMarker marker = LiteralMarker.find(octets, end);
        commandLength += end;
        String text;
        try {
            text = decode(octets, end);
        } catch (ImapSyntaxException e) {
            return refuse(tag == null ? tagOf(octets, end) : tag, Rejection.SYNTAX, e.getMessage(), marker);
        }
        if (continuationLineWanted && tag == null) {
            continuationLineWanted = false;
            endCommand();
            return new ContinuationLine(text);
        }
        if (tag == null) {
            return startCommand(text, marker);
        }
        return continueCommand(text, marker);
    }

    private ReaderEvent startCommand(String text, LiteralMarker marker) {
        if (text.isEmpty()) {
            // Blank lines between commands are harmless; clients sometimes send one after a literal.
            commandLength = 0;
            return null;
        }
        int end = 0;
        while (end < text.length() && Chars.isTagChar(text.charAt(end))) {
            end++;
        }
        if (end == 0 || (end < text.length() && text.charAt(end) != ' ')) {
            return refuse(null, Rejection.SYNTAX, "a command begins with a tag", marker);
        }
        tag = text.substring(0, end);
        if (end == text.length()) {
            return refuse(tag, Rejection.SYNTAX, "missing command", marker);
        }
        command = new Arguments.Builder();
        String rest = text.substring(end + 1);
        if (rest.regionMatches(true, 0, "APPEND", 0, 6) && (rest.length() == 6 || rest.charAt(6) == ' ')) {
            append = new Append();
        }
        return continueCommand(rest, marker);
    }

    private ReaderEvent continueCommand(String text, LiteralMarker marker) {
        if (append != null) {
            return appendLine(text, marker);
        }
        if (marker == null) {
            Command done = new Command(tag, command.build(text));
            endCommand();
            return done;
        }
        return announceLiteral(text, marker);
    }

    /** A literal the command's parser will read: collected whole, within the command's budget. */
    private ReaderEvent announceLiteral(String text, LiteralMarker marker) {
        boolean tooBig = marker.size() > limits.maxLiteralSize()
                || commandLength + marker.size() > limits.maxCommandLength();
        if (marker.nonSynchronizing() && marker.size() > limits.nonSynchronizingLimit()) {
            return refuse(tag, Rejection.NON_SYNCHRONIZING_TOO_BIG,
                    "non-synchronizing literals are limited to " + limits.nonSynchronizingLimit() + " octets", marker);
        }
        if (tooBig) {
            return refuse(tag, Rejection.LITERAL_TOO_BIG, "literal too big", marker);
        }
        command.line(text);
        literalMarkerStart = text.length() - marker.length();
        pending = marker;
        if (marker.nonSynchronizing()) {
            startLiteral();
            return null;
        }
        state = State.DECISION;
        return new ContinuationNeeded(tag, marker.size());
    }

    private void startLiteral() {
        literal = new byte[(int) pending.size()];
        literalFilled = 0;
        state = State.LITERAL;
    }

    private ReaderEvent readLiteral() {
        int count = Math.min(input.available(), literal.length - literalFilled);
        for (int i = 0; i < count; i++) {
            literal[literalFilled + i] = input.get(i);
        }
        input.skip(count);
        literalFilled += count;
        if (literalFilled < literal.length) {
            needInput = true;
            return null;
        }
        command.literal(literal, pending.binary(), literalMarkerStart);
        commandLength += literal.length;
        literal = null;
        state = State.LINE;
        return null;
    }

    /**
     * A line of APPEND (RFC 3501 §6.3.11, RFC 3502, RFC 3516, RFC 6855 §4): {@code APPEND SP mailbox} then,
     * per message, {@code SP [flag-list SP] [date-time SP] (literal / literal8 / "UTF8" SP "(" literal8 ")")}.
     * Flags and dates are never literals, so a literal after the mailbox is always a message.
     */
    private ReaderEvent appendLine(String text, LiteralMarker marker) {
        String header = marker == null ? text : text.substring(0, text.length() - marker.length());
        try {
            Arguments arguments;
            if (append.afterMessage) {
                if (append.insideUtf8) {
                    if (!header.startsWith(")")) {
                        throw new ImapSyntaxException("expected ')' after the UTF8 message");
                    }
                    header = header.substring(1);
                    append.insideUtf8 = false;
                }
                if (marker == null && header.isEmpty()) {
                    AppendDone done = new AppendDone(tag, append.messages);
                    endCommand();
                    return done;
                }
                if (marker == null) {
                    throw new ImapSyntaxException("unexpected characters after the message");
                }
                arguments = Arguments.of(header);
            } else {
                arguments = command.build(header);
                arguments.keyword("APPEND");
                arguments.space();
                if (arguments.atEnd() && marker != null) {
                    return announceLiteral(text, marker);
                }
                append.mailbox = arguments.astring();
            }
            if (marker == null) {
                throw new ImapSyntaxException("APPEND needs a message literal");
            }
            return startMessage(arguments, marker);
        } catch (ImapSyntaxException e) {
            return refuse(tag, Rejection.SYNTAX, e.getMessage(), marker);
        }
    }

    private ReaderEvent startMessage(Arguments arguments, LiteralMarker marker) {
        arguments.space();
        List<Flag> flags = List.of();
        if (arguments.peekIs('(')) {
            flags = arguments.flagList();
            arguments.space();
        }
        Optional<OffsetDateTime> date = Optional.empty();
        if (arguments.peekIs('"')) {
            date = Optional.of(arguments.dateTime());
            arguments.space();
        }
        boolean utf8Message = arguments.tryKeyword("UTF8");
        if (utf8Message) {
            arguments.space();
            arguments.expect('(');
            if (!marker.binary()) {
                throw new ImapSyntaxException("a UTF8 message is a literal8 (~{n})");
            }
        }
        arguments.end();
        if (marker.nonSynchronizing() && marker.size() > limits.nonSynchronizingLimit()) {
            return refuse(tag, Rejection.NON_SYNCHRONIZING_TOO_BIG,
                    "non-synchronizing literals are limited to " + limits.nonSynchronizingLimit() + " octets", marker);
        }
        if (marker.size() > limits.maxMessageSize()) {
            return refuse(tag, Rejection.MESSAGE_TOO_BIG,
                    "messages are limited to " + limits.maxMessageSize() + " octets", marker);
        }
        append.insideUtf8 = utf8Message;
        append.afterMessage = false;
        remaining = marker.size();
        messageStarted = false;
        commandLength = 0;
        state = marker.nonSynchronizing() ? State.MESSAGE : State.DECISION;
        return new AppendMessageStart(tag, append.mailbox, List.copyOf(flags), date, marker.size(), marker.binary(),
                utf8Message, !marker.nonSynchronizing());
    }

    private ReaderEvent readMessage() {
        if (remaining == 0) {
            append.messages++;
            append.afterMessage = true;
            state = State.LINE;
            return new AppendMessageEnd();
        }
        if (input.available() == 0) {
            needInput = true;
            return null;
        }
        messageStarted = true;
        int count = (int) Math.min(Math.min(input.available(), remaining), limits.chunkSize());
        remaining -= count;
        return new AppendChunk(input.take(count));
    }

    /**
     * Refuses the current command. Its unread rest is skipped: after a non-synchronizing literal the
     * octets follow regardless (RFC 7888), so they are read and dropped; a synchronizing one is never sent.
     */
    private ReaderEvent refuse(String refusedTag, Rejection rejection, String text, LiteralMarker marker) {
        endCommand();
        continuationLineWanted = false;
        if (marker != null && marker.nonSynchronizing()) {
            remaining = marker.size();
            state = State.DISCARD_LITERAL;
        } else {
            state = State.LINE;
        }
        return new Rejected(Optional.ofNullable(refusedTag), rejection, text);
    }

    private ReaderEvent refuseLongLine() {
        String refusedTag = tag != null ? tag : tagOf(input);
        endCommand();
        continuationLineWanted = false;
        scanned = 0;
        tailLength = 0;
        state = State.DISCARD_LINE;
        return new Rejected(Optional.ofNullable(refusedTag), Rejection.COMMAND_TOO_LONG,
                "command longer than " + limits.maxCommandLength() + " octets");
    }

    private ReaderEvent discardLiteral() {
        if (input.available() == 0 && remaining > 0) {
            needInput = true;
            return null;
        }
        int count = (int) Math.min(input.available(), remaining);
        input.skip(count);
        remaining -= count;
        if (remaining == 0) {
            tailLength = 0;
            state = State.DISCARD_LINE;
        }
        return null;
    }

    private ReaderEvent discardLine() {
        int newline = input.indexOf((byte) '\n', input.available());
        int count = newline < 0 ? input.available() : newline;
        keepTail(count);
        input.skip(newline < 0 ? count : count + 1);
        if (newline < 0) {
            needInput = true;
            return null;
        }
        int end = tailLength > 0 && tail[tailLength - 1] == '\r' ? tailLength - 1 : tailLength;
        LiteralMarker marker = LiteralMarker.find(tail, end);
        tailLength = 0;
        if (marker != null && marker.nonSynchronizing()) {
            remaining = marker.size();
            state = State.DISCARD_LITERAL;
        } else {
            state = State.LINE;
        }
        return null;
    }

    /** Keeps the last {@link #TAIL} octets of the line being skipped, of which the next {@code count} are part. */
    private void keepTail(int count) {
        int keep = Math.min(count, TAIL);
        int old = Math.min(tailLength, TAIL - keep);
        System.arraycopy(tail, tailLength - old, tail, 0, old);
        for (int i = 0; i < keep; i++) {
            tail[old + i] = input.get(count - keep + i);
        }
        tailLength = old + keep;
    }

    private void endCommand() {
        tag = null;
        command = null;
        append = null;
        commandLength = 0;
        literal = null;
        pending = null;
    }

    private String decode(byte[] octets, int end) {
        for (int i = 0; i < end; i++) {
            byte b = octets[i];
            if (b == 0 || b == '\r') {
                throw new ImapSyntaxException("NUL and CR are not allowed in a command line");
            }
            if (b < 0 && !utf8) {
                throw new ImapSyntaxException("8-bit characters outside literals need UTF8=ACCEPT");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets, 0, end)).toString();
        } catch (CharacterCodingException e) {
            throw new ImapSyntaxException("invalid UTF-8");
        }
    }

    /** The tag a refused line begins with, if it begins with one followed by a space. */
    private static String tagOf(byte[] octets, int end) {
        int i = 0;
        while (i < end && Chars.isTagChar(octets[i])) {
            i++;
        }
        return i > 0 && i < end && octets[i] == ' ' ? new String(octets, 0, i, StandardCharsets.US_ASCII) : null;
    }

    private static String tagOf(InputBuffer buffer) {
        int end = Math.min(buffer.available(), 1024);
        byte[] start = new byte[end];
        for (int i = 0; i < end; i++) {
            start[i] = buffer.get(i);
        }
        return tagOf(start, end);
    }
}
