package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.ArrayList;
import java.util.List;

/** Keyword arguments that name a constant of an enum, in any case: {@code special-use} names {@code SPECIAL_USE}. */
final class Keywords {

    private Keywords() {
    }

    /** @param what names the kind of keyword in the error, e.g. {@code status item} */
    static <E extends Enum<E>> E parse(Arguments arguments, Class<E> type, String what) {
        String name = arguments.keywordAtom();
        if (name.indexOf('_') < 0) {
            String constantName = name.replace('-', '_');
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(constantName)) {
                    return constant;
                }
            }
        }
        throw arguments.error("unknown " + what);
    }

    /** {@code "(" keyword *(SP keyword) ")"}, or {@code "()"} when {@code emptyAllowed}. */
    static <E extends Enum<E>> List<E> parseList(Arguments arguments, Class<E> type, String what, boolean emptyAllowed) {
        arguments.expect('(');
        List<E> keywords = new ArrayList<>();
        if (emptyAllowed && arguments.tryChar(')')) {
            return keywords;
        }
        do {
            keywords.add(parse(arguments, type, what));
        } while (arguments.tryChar(' '));
        arguments.expect(')');
        return keywords;
    }
}
