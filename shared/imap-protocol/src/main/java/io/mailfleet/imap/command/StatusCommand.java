package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.List;

/** {@code status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"}. */
public record StatusCommand(String tag, String mailbox, List<StatusItem> items) implements ImapCommand {

    public StatusCommand {
        items = List.copyOf(items);
    }

    @Override
    public CommandKind kind() {
        return CommandKind.STATUS;
    }

    static StatusCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        String mailbox = arguments.astring();
        arguments.space();
        List<StatusItem> items = StatusItem.parseList(arguments);
        arguments.end();
        return new StatusCommand(tag, mailbox, items);
    }
}
