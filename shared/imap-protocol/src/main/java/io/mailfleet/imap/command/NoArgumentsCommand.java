package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;

/** A command that takes no arguments: CAPABILITY, NOOP, LOGOUT, STARTTLS, NAMESPACE, IDLE, CHECK, CLOSE, UNSELECT. */
public record NoArgumentsCommand(String tag, CommandKind kind) implements ImapCommand {

    static NoArgumentsCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.end();
        return new NoArgumentsCommand(tag, kind);
    }

    /** The line that ends IDLE (RFC 2177 §3, RFC 9051 §6.3.13): {@code DONE}, in any case. */
    public static boolean isIdleDone(String line) {
        return line.equalsIgnoreCase("DONE");
    }
}
