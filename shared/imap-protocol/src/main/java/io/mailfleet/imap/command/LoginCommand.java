package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;

/** {@code login = "LOGIN" SP userid SP password}, both astrings. */
public record LoginCommand(String tag, String user, String password) implements ImapCommand {

    @Override
    public CommandKind kind() {
        return CommandKind.LOGIN;
    }

    @Override
    public String toString() {
        return "LoginCommand[tag=" + tag + ", user=" + user + ", password=<hidden>]";
    }

    static LoginCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        String user = arguments.astring();
        arguments.space();
        String password = arguments.astring();
        arguments.end();
        return new LoginCommand(tag, user, password);
    }
}
