package io.mailfleet.smtp;

import io.mailfleet.protocol.LineFramer;
import java.util.List;

/** Reads command lines and SASL response lines, and refuses malformed ones. */
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
        LineFramer.Next next = state.lines.next(lineLimit());
        switch (next) {
            case LINE -> handleLine(state.lines.line(), out);
            // RFC 5321 §4.5.3.1.10: the line is refused, and its rest dropped to stay in step.
            case TOO_LONG -> lineError(out, state.mode == SessionMode.SASL ? Replies.AUTH_LINE_TOO_LONG : Replies.LINE_TOO_LONG);
            case BARE_LINE_END -> lineError(out, Replies.BARE_LINE_END_IN_COMMAND);
            case NOT_UTF8 -> lineError(out, Replies.BAD_CHARACTERS);
            case INCOMPLETE, DROPPED -> {
            }
        }
        return next != LineFramer.Next.INCOMPLETE;
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

    private void handleLine(String text, List<Effect> out) {
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
