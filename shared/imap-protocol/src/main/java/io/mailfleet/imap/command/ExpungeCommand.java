package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.Optional;

/** {@code expunge = "EXPUNGE"} and {@code uid-expunge = "UID" SP "EXPUNGE" SP sequence-set} (RFC 4315 §2.1). */
public record ExpungeCommand(String tag, Optional<SequenceSet> uids) implements ImapCommand {

    @Override
    public CommandKind kind() {
        return uids.isPresent() ? CommandKind.UID_EXPUNGE : CommandKind.EXPUNGE;
    }

    static ExpungeCommand parse(String tag, CommandKind kind, Arguments arguments) {
        Optional<SequenceSet> uids = Optional.empty();
        if (kind == CommandKind.UID_EXPUNGE) {
            arguments.space();
            uids = Optional.of(SequenceSet.parse(arguments));
        }
        arguments.end();
        return new ExpungeCommand(tag, uids);
    }
}
