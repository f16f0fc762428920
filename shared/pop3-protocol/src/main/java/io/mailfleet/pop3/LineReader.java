package io.mailfleet.pop3;

import io.mailfleet.protocol.LineFramer;
import java.util.List;

/** Reads command lines and SASL response lines, and refuses malformed ones. */
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
        LineFramer.Next next = state.lines.next(lineLimit());
        switch (next) {
            case LINE -> handleLine(state.lines.line(), out);
            case TOO_LONG -> lineError(out, Replies.LINE_TOO_LONG);
            case BARE_LINE_END -> lineError(out, Replies.BARE_LINE_END);
            case NOT_UTF8 -> lineError(out, Replies.BAD_CHARACTERS);
            case INCOMPLETE, DROPPED -> {
            }
        }
        return next != LineFramer.Next.INCOMPLETE;
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

    private void handleLine(String text, List<Effect> out) {
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
