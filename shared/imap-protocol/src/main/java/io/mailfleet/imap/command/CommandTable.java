package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import io.mailfleet.imap.wire.ImapSyntaxException;
import io.mailfleet.imap.wire.ReaderEvent;

/** Turns a command the reader delivered into its typed record. */
public final class CommandTable {

    private CommandTable() {
    }

    /**
     * Parses {@code command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF}
     * after its tag.
     *
     * @throws ImapSyntaxException for an unknown command or broken arguments: answer {@code tag BAD}
     */
    public static ImapCommand parse(ReaderEvent.Command command) {
        return parse(command.tag(), command.arguments());
    }

    public static ImapCommand parse(String tag, Arguments arguments) {
        String name = arguments.keywordAtom();
        if (name.equals("UID")) {
            arguments.space();
            name = "UID " + arguments.keywordAtom();
        }
        CommandKind kind = CommandKind.named(name)
                .filter(k -> k.parser() != null)
                .orElseThrow(() -> new ImapSyntaxException("unknown command"));
        return kind.parser().parse(tag, kind, arguments);
    }
}
