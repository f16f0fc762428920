package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code create = "CREATE" SP mailbox [create-params]} with {@code "USE" SP "(" [use-attr *(SP use-attr)] ")"}
 * (RFC 6154 §3).
 *
 * @param specialUse the special-use attributes asked for, such as {@code \Sent}, as sent
 */
public record CreateCommand(String tag, String mailbox, List<String> specialUse) implements ImapCommand {

    public CreateCommand {
        specialUse = List.copyOf(specialUse);
    }

    @Override
    public CommandKind kind() {
        return CommandKind.CREATE;
    }

    static CreateCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        String mailbox = arguments.astring();
        List<String> specialUse = new ArrayList<>();
        if (arguments.tryChar(' ')) {
            arguments.expect('(');
            arguments.keyword("USE");
            arguments.space();
            arguments.expect('(');
            if (!arguments.peekIs(')')) {
                do {
                    arguments.expect('\\');
                    specialUse.add("\\" + arguments.atom());
                } while (arguments.tryChar(' '));
            }
            arguments.expect(')');
            arguments.expect(')');
        }
        arguments.end();
        return new CreateCommand(tag, mailbox, specialUse);
    }
}
