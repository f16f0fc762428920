package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;

/**
 * {@code compress = "COMPRESS" SP algorithm} (RFC 4978 §3), algorithm in upper case; the session answers
 * {@code NO} for one it does not offer (only DEFLATE is defined).
 */
public record CompressCommand(String tag, String algorithm) implements ImapCommand {

    @Override
    public CommandKind kind() {
        return CommandKind.COMPRESS;
    }

    static CompressCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        String algorithm = arguments.keywordAtom();
        arguments.end();
        return new CompressCommand(tag, algorithm);
    }
}
