package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.Optional;
import java.util.Set;

/**
 * {@code search = ["UID" SP] "SEARCH" [search-return-opts] SP ["CHARSET" SP charset SP] search-key *(SP search-key)}
 * (RFC 9051 §6.4.4, ESEARCH RFC 4731, SEARCHRES RFC 5182).
 *
 * @param returns the ESEARCH return options when {@code RETURN} was given (an ESEARCH response is due)
 * @param charset in upper case; the session answers {@code NO [BADCHARSET]} for one it does not offer
 */
public record SearchCommand(String tag, CommandKind kind, Optional<Set<SearchReturn>> returns,
        Optional<String> charset, SearchKey key) implements SearchingCommand {

    /**
     * This search as an IMAP4rev2 session asks it: RFC 9051 §6.4.4 answers a SEARCH without RETURN as one with
     * {@code RETURN ()}, in an ESEARCH response, since IMAP4rev2 has no SEARCH response.
     */
    public SearchCommand answeredByEsearch() {
        return returns.isPresent() ? this : new SearchCommand(tag, kind, Optional.of(Set.of()), charset, key);
    }

    static SearchCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        Optional<Set<SearchReturn>> returns = SearchReturn.parseIfPresent(arguments);
        Optional<String> charset = Optional.empty();
        if (arguments.tryKeyword("CHARSET")) {
            arguments.space();
            charset = Optional.of(SearchKeys.charset(arguments));
            SearchKeys.useCharset(arguments, charset.get());
            arguments.space();
        }
        return new SearchCommand(tag, kind, returns, charset, SearchKeys.parseKeys(arguments));
    }
}
