package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code sort = ["UID" SP] "SORT" [search-return-opts] SP sort-criteria SP search-criteria} (RFC 5256 §5,
 * ESORT RFC 5267 §3), where {@code search-criteria = charset 1*(SP search-key)}.
 *
 * @param charset in upper case
 */
public record SortCommand(String tag, CommandKind kind, Optional<Set<SearchReturn>> returns,
        List<Criterion> criteria, String charset, SearchKey key) implements SearchingCommand {

    public SortCommand {
        criteria = List.copyOf(criteria);
    }

    /** {@code sort-key} of RFC 5256, with DISPLAYFROM and DISPLAYTO (RFC 5957). */
    public enum SortKey { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, DISPLAYFROM, DISPLAYTO }

    /** {@code sort-criterion = ["REVERSE" SP] sort-key}. */
    public record Criterion(SortKey key, boolean reverse) {
    }

    static SortCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        Optional<Set<SearchReturn>> returns = SearchReturn.parseIfPresent(arguments);
        arguments.expect('(');
        List<Criterion> criteria = new ArrayList<>();
        do {
            boolean reverse = arguments.tryKeyword("REVERSE");
            if (reverse) {
                arguments.space();
            }
            criteria.add(new Criterion(Keywords.parse(arguments, SortKey.class, "sort key"), reverse));
        } while (arguments.tryChar(' '));
        arguments.expect(')');
        arguments.space();
        String charset = SearchKeys.charset(arguments);
        SearchKeys.useCharset(arguments, charset);
        arguments.space();
        return new SortCommand(tag, kind, returns, criteria, charset, SearchKeys.parseKeys(arguments));
    }
}
