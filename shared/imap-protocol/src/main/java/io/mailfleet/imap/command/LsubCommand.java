package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;

/** {@code lsub = "LSUB" SP mailbox SP list-mailbox} (RFC 3501 §6.3.9; IMAP4rev1 only). */
public record LsubCommand(String tag, String reference, String pattern) implements ImapCommand {

    @Override
    public CommandKind kind() {
        return CommandKind.LSUB;
    }

    static LsubCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        String reference = arguments.astring();
        arguments.space();
        String pattern = arguments.listMailbox();
        arguments.end();
        return new LsubCommand(tag, reference, pattern);
    }
}
