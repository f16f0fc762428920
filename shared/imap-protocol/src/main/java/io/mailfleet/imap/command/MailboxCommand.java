package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;

/**
 * A command whose one argument is a mailbox name (an astring in wire form): DELETE, SUBSCRIBE,
 * UNSUBSCRIBE, GETQUOTAROOT (RFC 9208 §4.3), and GETQUOTA, whose argument is a quota root (RFC 9208 §4.2).
 */
public record MailboxCommand(String tag, CommandKind kind, String mailbox) implements ImapCommand {

    static MailboxCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        String mailbox = arguments.astring();
        arguments.end();
        return new MailboxCommand(tag, kind, mailbox);
    }
}
