package io.mailfleet.pop3;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Frames command lines and SASL response lines out of the input, and refuses malformed ones. */
final class LineReader {

    private final SessionState state;
    private final CommandDispatcher commands;
    private final AuthCommand auth;

    LineReader(SessionState state, CommandDispatcher commands, AuthCommand auth) {
        this.state = state;
        this.commands = commands;
        this.auth = auth;
    }

    /** Handles at most one line; true when input was consumed. */
    boolean readLine(List<Effect> out) {
        InputBuffer in = state.in;
        if (state.discardingLine) {
            int lf = in.indexOf((byte) '\n', in.available());
            in.skip(lf < 0 ? in.available() : lf + 1);
            state.discardingLine = lf < 0;
            return lf >= 0;
        }
        int limit = lineLimit();
        int lf = in.indexOf((byte) '\n', limit);
        if (lf >= 0) {
            handleLine(in.take(lf + 1), out);
            return true;
        }
        if (in.available() < limit) {
            return false;
        }
        // Refuse the line, but stay in step with the client by dropping the rest of it.
        state.discardingLine = true;
        lineError(out, Replies.LINE_TOO_LONG);
        return true;
    }

    /**
     * RFC 2449 §4 bounds commands at 255 octets. SASL responses are not commands, and an AUTH command may
     * carry an initial response as long as one, which RFC 5034 §4 asks clients to avoid but costs nothing to
     * take, so both get the SASL bound.
     */
    private int lineLimit() {
        int maxCommandLine = state.settings.maxCommandLine();
        if (auth.inProgress() || state.in.startsWithIgnoringCase("AUTH ")) {
            return Math.max(maxCommandLine, Pop3Settings.SASL_LINE);
        }
        return maxCommandLine;
    }

    private void handleLine(byte[] line, List<Effect> out) {
        int length = line.length - 2;
        if (length < 0 || line[length] != '\r') {
            lineError(out, Replies.BARE_LINE_END);
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            lineError(out, Replies.BAD_CHARACTERS);
            return;
        }
        if (text.chars().anyMatch(c -> c < ' ' || c == 0x7F)) {
            lineError(out, Replies.BAD_CHARACTERS);
            return;
        }
        if (auth.inProgress()) {
            auth.respond(text, out);
        } else {
            commands.command(text, out);
        }
    }

    /** RFC 5034 §4: a line that cannot be a SASL response fails the AUTH command. */
    private void lineError(List<Effect> out, Pop3Reply reply) {
        auth.end();
        state.badCommand(out, reply);
    }
}
