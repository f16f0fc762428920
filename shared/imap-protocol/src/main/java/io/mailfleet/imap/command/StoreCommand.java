package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import io.mailfleet.model.mailbox.Flag;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code store = ["UID" SP] "STORE" SP sequence-set [store-modifiers] SP store-att-flags} (RFC 9051 §6.4.6),
 * with UNCHANGEDSINCE (RFC 7162 §3.1.3):
 * {@code store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))}.
 */
public record StoreCommand(String tag, CommandKind kind, SequenceSet messages, OptionalLong unchangedSince,
        Operation operation, boolean silent, List<Flag> flags) implements ImapCommand {

    public StoreCommand {
        flags = List.copyOf(flags);
    }

    /** FLAGS replaces, +FLAGS adds, -FLAGS removes. */
    public enum Operation { REPLACE, ADD, REMOVE }

    static StoreCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        SequenceSet messages = SequenceSet.parse(arguments);
        arguments.space();
        OptionalLong unchangedSince = OptionalLong.empty();
        if (arguments.tryChar('(')) {
            arguments.keyword("UNCHANGEDSINCE");
            arguments.space();
            unchangedSince = OptionalLong.of(arguments.number64());
            arguments.expect(')');
            arguments.space();
        }
        Operation operation = arguments.tryChar('+') ? Operation.ADD
                : arguments.tryChar('-') ? Operation.REMOVE : Operation.REPLACE;
        String item = arguments.keywordAtom();
        boolean silent = item.equals("FLAGS.SILENT");
        if (!silent && !item.equals("FLAGS")) {
            throw arguments.error("expected FLAGS or FLAGS.SILENT");
        }
        arguments.space();
        List<Flag> flags;
        if (arguments.peekIs('(')) {
            flags = arguments.flagList();
        } else {
            flags = new ArrayList<>();
            do {
                flags.add(arguments.flag());
            } while (arguments.tryChar(' '));
        }
        arguments.end();
        return new StoreCommand(tag, kind, messages, unchangedSince, operation, silent, flags);
    }
}
