package io.mailfleet.smtp;

import io.mailfleet.protocol.InputBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Frames command lines and SASL response lines out of the input, and refuses malformed ones. */
final class CommandLineReader {

    private final SessionState state;
    private final CommandDispatcher commands;
    private final AuthCommand auth;

    CommandLineReader(SessionState state, CommandDispatcher commands, AuthCommand auth) {
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
        // RFC 5321 §4.5.3.1.10: refuse the line, but stay in step by dropping the rest of it.
        state.discardingLine = true;
        if (state.mode == SessionMode.SASL) {
            auth.end();
            state.fail(out, Replies.AUTH_LINE_TOO_LONG);
        } else {
            state.fail(out, Replies.LINE_TOO_LONG);
        }
        return true;
    }

    /** RFC 4954 §4: AUTH lines and SASL responses may be up to 12288 octets. */
    private int lineLimit() {
        if (state.mode == SessionMode.SASL) {
            return SmtpSettings.AUTH_LINE;
        }
        int maxCommandLine = state.settings.maxCommandLine();
        if (state.in.startsWithIgnoringCase("AUTH ")) {
            return Math.max(maxCommandLine, SmtpSettings.AUTH_LINE);
        }
        return maxCommandLine;
    }

    private void handleLine(byte[] line, List<Effect> out) {
        int length = line.length - 2;
        if (length < 0 || line[length] != '\r') {
            lineError(out, Replies.BARE_LINE_END_IN_COMMAND);
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
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                lineError(out, Replies.BARE_LINE_END_IN_COMMAND);
                return;
            }
            if (c < ' ' && c != '\t' || c == 0x7F) {
                lineError(out, Replies.BAD_CHARACTERS);
                return;
            }
        }
        if (state.mode == SessionMode.SASL) {
            auth.respond(text, out);
        } else {
            commands.command(text, out);
        }
    }

    private void lineError(List<Effect> out, SmtpReply reply) {
        if (state.mode == SessionMode.SASL) {
            auth.end();
        }
        state.fail(out, reply);
    }
}
