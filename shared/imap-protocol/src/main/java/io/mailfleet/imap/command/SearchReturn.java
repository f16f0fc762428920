package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.Optional;
import java.util.Set;

/**
 * {@code search-return-opt} of ESEARCH (RFC 4731 §3) and ESORT (RFC 5267 §3), with SAVE (RFC 5182 §2).
 * An empty set ({@code RETURN ()}) means ALL.
 */
public enum SearchReturn {
    MIN, MAX, ALL, COUNT, SAVE;

    /** {@code "(" [search-return-opt *(SP search-return-opt)] ")"}, after {@code RETURN SP}. */
    static Set<SearchReturn> parseList(Arguments arguments) {
        return Set.copyOf(Keywords.parseList(arguments, SearchReturn.class, "return option", true));
    }

    /** {@code "RETURN" SP "(" ... ")" SP} if it comes next, after the command name and its space. */
    static Optional<Set<SearchReturn>> parseIfPresent(Arguments arguments) {
        if (!arguments.tryKeyword("RETURN")) {
            return Optional.empty();
        }
        arguments.space();
        Set<SearchReturn> options = parseList(arguments);
        arguments.space();
        return Optional.of(options);
    }
}
