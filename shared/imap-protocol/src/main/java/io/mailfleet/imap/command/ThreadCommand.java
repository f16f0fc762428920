package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;

/**
 * {@code thread = ["UID" SP] "THREAD" SP thread-alg SP search-criteria} (RFC 5256 §5), where
 * {@code search-criteria = charset 1*(SP search-key)}.
 *
 * @param charset in upper case
 */
public record ThreadCommand(String tag, CommandKind kind, Algorithm algorithm, String charset, SearchKey key)
        implements SearchingCommand {

    /** The threading algorithms of RFC 5256 §3. */
    public enum Algorithm { ORDEREDSUBJECT, REFERENCES }

    static ThreadCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        Algorithm algorithm = Keywords.parse(arguments, Algorithm.class, "threading algorithm");
        arguments.space();
        String charset = SearchKeys.charset(arguments);
        SearchKeys.useCharset(arguments, charset);
        arguments.space();
        return new ThreadCommand(tag, kind, algorithm, charset, SearchKeys.parseKeys(arguments));
    }
}
