package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;

/**
 * {@code copy = "COPY" SP sequence-set SP mailbox} and {@code move = "MOVE" SP sequence-set SP mailbox}
 * (RFC 6851 §3), with their UID forms; the kind tells which.
 */
public record CopyCommand(String tag, CommandKind kind, SequenceSet messages, String mailbox) implements ImapCommand {

    public boolean isMove() {
        return kind == CommandKind.MOVE || kind == CommandKind.UID_MOVE;
    }

    static CopyCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        SequenceSet messages = SequenceSet.parse(arguments);
        arguments.space();
        String mailbox = arguments.astring();
        arguments.end();
        return new CopyCommand(tag, kind, messages, mailbox);
    }
}
