package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]}
 * (RFC 5258 §6 LIST-EXTENDED, RFC 6154 SPECIAL-USE, RFC 5819 LIST-STATUS).
 *
 * @param reference the reference name in wire form
 * @param patterns one or more patterns in wire form, with {@code %} and {@code *}
 * @param statusItems what the STATUS return option asks for; empty when it was not given
 */
public record ListCommand(String tag, String reference, List<String> patterns, Set<Selection> selection,
        Set<Return> returns, List<StatusItem> statusItems) implements ImapCommand {

    public ListCommand {
        patterns = List.copyOf(patterns);
        selection = Set.copyOf(selection);
        returns = Set.copyOf(returns);
        statusItems = List.copyOf(statusItems);
    }

    /** {@code list-select-opt}. */
    public enum Selection { SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL_USE }

    /** {@code return-option}; STATUS carries its items in {@link #statusItems()}. */
    public enum Return { SUBSCRIBED, CHILDREN, SPECIAL_USE, STATUS }

    @Override
    public CommandKind kind() {
        return CommandKind.LIST;
    }

    static ListCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        Set<Selection> selection = EnumSet.noneOf(Selection.class);
        if (arguments.peekIs('(')) {
            selection.addAll(Keywords.parseList(arguments, Selection.class, "LIST selection option", true));
            arguments.space();
            // RFC 5258 §3.1: RECURSIVEMATCH only modifies another selection option.
            if (selection.contains(Selection.RECURSIVEMATCH)
                    && !selection.contains(Selection.SUBSCRIBED) && !selection.contains(Selection.SPECIAL_USE)) {
                throw arguments.error("RECURSIVEMATCH needs another selection option");
            }
        }
        String reference = arguments.astring();
        arguments.space();
        List<String> patterns = new ArrayList<>();
        if (arguments.tryChar('(')) {
            do {
                patterns.add(arguments.listMailbox());
            } while (arguments.tryChar(' '));
            arguments.expect(')');
        } else {
            patterns.add(arguments.listMailbox());
        }
        Set<Return> returns = EnumSet.noneOf(Return.class);
        List<StatusItem> statusItems = List.of();
        if (arguments.tryChar(' ')) {
            arguments.keyword("RETURN");
            arguments.space();
            arguments.expect('(');
            if (!arguments.tryChar(')')) {
                do {
                    Return option = Keywords.parse(arguments, Return.class, "LIST return option");
                    if (option == Return.STATUS) {
                        arguments.space();
                        statusItems = StatusItem.parseList(arguments);
                    }
                    returns.add(option);
                } while (arguments.tryChar(' '));
                arguments.expect(')');
            }
        }
        arguments.end();
        return new ListCommand(tag, reference, patterns, selection, returns, statusItems);
    }
}
