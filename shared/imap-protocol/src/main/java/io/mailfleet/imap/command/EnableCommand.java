package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.ArrayList;
import java.util.List;

/** {@code enable = "ENABLE" 1*(SP capability)} (RFC 5161 §3.1), capabilities in upper case. */
public record EnableCommand(String tag, List<String> capabilities) implements ImapCommand {

    public EnableCommand {
        capabilities = List.copyOf(capabilities);
    }

    @Override
    public CommandKind kind() {
        return CommandKind.ENABLE;
    }

    static EnableCommand parse(String tag, CommandKind kind, Arguments arguments) {
        List<String> capabilities = new ArrayList<>();
        do {
            arguments.space();
            capabilities.add(arguments.keywordAtom());
        } while (!arguments.atEnd());
        return new EnableCommand(tag, capabilities);
    }
}
