package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code id = "ID" SP id-params-list}, {@code id-params-list = "(" *(string SP nstring) ")" / nil}
 * (RFC 2971 §4), with its limits (§3.3): fields of at most 30 octets, values of at most 1024, 30 pairs.
 *
 * @param fields in the order sent; empty for NIL
 */
public record IdCommand(String tag, List<Field> fields) implements ImapCommand {

    private static final int MAX_FIELDS = 30;
    private static final int MAX_NAME = 30;
    private static final int MAX_VALUE = 1024;

    public IdCommand {
        fields = List.copyOf(fields);
    }

    /** One field; a NIL value is empty. */
    public record Field(String name, Optional<String> value) {
    }

    @Override
    public CommandKind kind() {
        return CommandKind.ID;
    }

    static IdCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        List<Field> fields = new ArrayList<>();
        if (!arguments.tryKeyword("NIL")) {
            arguments.expect('(');
            while (!arguments.tryChar(')')) {
                if (!fields.isEmpty()) {
                    arguments.space();
                }
                String name = arguments.string();
                arguments.space();
                Optional<String> value = Optional.ofNullable(arguments.nstring());
                if (fields.size() == MAX_FIELDS || name.length() > MAX_NAME
                        || value.map(String::length).orElse(0) > MAX_VALUE) {
                    throw arguments.error("ID allows 30 fields of 30 octets with values of 1024");
                }
                fields.add(new Field(name, value));
            }
        }
        arguments.end();
        return new IdCommand(tag, fields);
    }
}
