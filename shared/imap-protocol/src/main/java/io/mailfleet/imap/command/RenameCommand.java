package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;

/** {@code rename = "RENAME" SP mailbox SP mailbox}; names in wire form. */
public record RenameCommand(String tag, String from, String to) implements ImapCommand {

    @Override
    public CommandKind kind() {
        return CommandKind.RENAME;
    }

    static RenameCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        String from = arguments.astring();
        arguments.space();
        String to = arguments.astring();
        arguments.end();
        return new RenameCommand(tag, from, to);
    }
}
