package io.mailfleet.imap.command;

import io.mailfleet.imap.command.SearchKey.DateField;
import io.mailfleet.imap.command.SearchKey.DateRelation;
import io.mailfleet.imap.wire.Arguments;
import io.mailfleet.imap.wire.Chars;
import io.mailfleet.model.mailbox.Flag;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The parser of search criteria shared by SEARCH, SORT and THREAD. */
final class SearchKeys {

    /** Bounds the recursion of NOT, OR and parentheses, and so the stack a command can take. */
    private static final int MAX_DEPTH = 64;
    private static final int MAX_OBJECT_ID = 255;

    private SearchKeys() {
    }

    /** {@code search-key *(SP search-key)} to the end of the command: one key, or an {@link SearchKey.And}. */
    static SearchKey parseKeys(Arguments arguments) {
        List<SearchKey> keys = new ArrayList<>();
        do {
            keys.add(key(arguments, 0));
        } while (arguments.tryChar(' '));
        arguments.end();
        return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }

    private static SearchKey key(Arguments arguments, int depth) {
        if (depth > MAX_DEPTH) {
            throw arguments.error("search criteria nested too deeply");
        }
        if (arguments.tryChar('(')) {
            List<SearchKey> keys = new ArrayList<>();
            do {
                keys.add(key(arguments, depth + 1));
            } while (arguments.tryChar(' '));
            arguments.expect(')');
            return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
        }
        if (SequenceSet.startsHere(arguments)) {
            return new SearchKey.Sequence(SequenceSet.parse(arguments));
        }
        String name = arguments.keywordAtom();
        return switch (name) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED" -> new SearchKey.HasFlag(Flag.ANSWERED, true);
            case "DELETED" -> new SearchKey.HasFlag(Flag.DELETED, true);
            case "DRAFT" -> new SearchKey.HasFlag(Flag.DRAFT, true);
            case "FLAGGED" -> new SearchKey.HasFlag(Flag.FLAGGED, true);
            case "SEEN" -> new SearchKey.HasFlag(Flag.SEEN, true);
            case "UNANSWERED" -> new SearchKey.HasFlag(Flag.ANSWERED, false);
            case "UNDELETED" -> new SearchKey.HasFlag(Flag.DELETED, false);
            case "UNDRAFT" -> new SearchKey.HasFlag(Flag.DRAFT, false);
            case "UNFLAGGED" -> new SearchKey.HasFlag(Flag.FLAGGED, false);
            case "UNSEEN" -> new SearchKey.HasFlag(Flag.SEEN, false);
            case "KEYWORD" -> new SearchKey.HasFlag(keyword(arguments), true);
            case "UNKEYWORD" -> new SearchKey.HasFlag(keyword(arguments), false);
            case "RECENT" -> new SearchKey.Recent(true);
            case "OLD" -> new SearchKey.Recent(false);
            case "NEW" -> new SearchKey.And(List.of(new SearchKey.Recent(true), new SearchKey.HasFlag(Flag.SEEN, false)));
            case "BCC", "CC", "FROM", "SUBJECT", "TO" -> new SearchKey.Header(name, argument(arguments));
            case "HEADER" -> new SearchKey.Header(argument(arguments), argument(arguments));
            case "BODY" -> new SearchKey.Body(argument(arguments));
            case "TEXT" -> new SearchKey.Text(argument(arguments));
            case "BEFORE" -> date(arguments, DateField.INTERNAL, DateRelation.BEFORE);
            case "ON" -> date(arguments, DateField.INTERNAL, DateRelation.ON);
            case "SINCE" -> date(arguments, DateField.INTERNAL, DateRelation.SINCE);
            case "SENTBEFORE" -> date(arguments, DateField.SENT, DateRelation.BEFORE);
            case "SENTON" -> date(arguments, DateField.SENT, DateRelation.ON);
            case "SENTSINCE" -> date(arguments, DateField.SENT, DateRelation.SINCE);
            case "SAVEDBEFORE" -> date(arguments, DateField.SAVED, DateRelation.BEFORE);
            case "SAVEDON" -> date(arguments, DateField.SAVED, DateRelation.ON);
            case "SAVEDSINCE" -> date(arguments, DateField.SAVED, DateRelation.SINCE);
            case "SAVEDATESUPPORTED" -> new SearchKey.SaveDateSupported();
            case "LARGER" -> new SearchKey.Size(true, number64(arguments));
            case "SMALLER" -> new SearchKey.Size(false, number64(arguments));
            case "OLDER" -> new SearchKey.Age(true, nzNumber(arguments));
            case "YOUNGER" -> new SearchKey.Age(false, nzNumber(arguments));
            case "UID" -> {
                arguments.space();
                yield new SearchKey.Uid(SequenceSet.parse(arguments));
            }
            case "NOT" -> {
                arguments.space();
                yield new SearchKey.Not(key(arguments, depth + 1));
            }
            case "OR" -> {
                arguments.space();
                SearchKey left = key(arguments, depth + 1);
                arguments.space();
                yield new SearchKey.Or(left, key(arguments, depth + 1));
            }
            case "MODSEQ" -> modSeq(arguments);
            case "EMAILID" -> new SearchKey.EmailId(objectId(arguments));
            case "THREADID" -> new SearchKey.ThreadId(objectId(arguments));
            default -> throw arguments.error("unknown search key");
        };
    }

    private static String argument(Arguments arguments) {
        arguments.space();
        return arguments.astring();
    }

    private static Flag keyword(Arguments arguments) {
        arguments.space();
        if (arguments.peekIs('\\')) {
            throw arguments.error("KEYWORD takes a keyword, not a system flag");
        }
        return arguments.flag();
    }

    private static SearchKey date(Arguments arguments, DateField field, DateRelation relation) {
        arguments.space();
        return new SearchKey.OnDate(field, relation, arguments.date());
    }

    private static long number64(Arguments arguments) {
        arguments.space();
        return arguments.number64();
    }

    private static long nzNumber(Arguments arguments) {
        arguments.space();
        return arguments.nzNumber();
    }

    /** {@code "MODSEQ" [SP entry-name SP entry-type-req] SP mod-sequence-valzer}. */
    private static SearchKey modSeq(Arguments arguments) {
        arguments.space();
        Optional<SearchKey.Entry> entry = Optional.empty();
        if (arguments.peekIs('"')) {
            String name = arguments.string();
            if (!name.regionMatches(true, 0, "/flags/", 0, 7) || name.length() == 7) {
                throw arguments.error("a MODSEQ entry name is /flags/ and a flag");
            }
            arguments.space();
            String type = arguments.keywordAtom();
            SearchKey.EntryType entryType = switch (type) {
                case "PRIV" -> SearchKey.EntryType.PRIV;
                case "SHARED" -> SearchKey.EntryType.SHARED;
                case "ALL" -> SearchKey.EntryType.ALL;
                default -> throw arguments.error("a MODSEQ entry type is priv, shared or all");
            };
            entry = Optional.of(new SearchKey.Entry(name.substring(7), entryType));
            arguments.space();
        }
        return new SearchKey.ModSeq(entry, arguments.number64());
    }

    /** {@code objectid = 1*255(ALPHA / DIGIT / "_" / "-")} (RFC 8474 §7). */
    private static String objectId(Arguments arguments) {
        arguments.space();
        String id = arguments.readWhile(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'));
        if (id.isEmpty() || id.length() > MAX_OBJECT_ID) {
            throw arguments.error("an object id is 1 to 255 letters, digits, '_' or '-'");
        }
        return id;
    }

    /** {@code charset = atom / quoted}, in upper case. */
    static String charset(Arguments arguments) {
        String charset = arguments.peekIs('"') ? arguments.string() : arguments.atom();
        if (charset.isEmpty() || !charset.chars().allMatch(Chars::isAtomChar)) {
            throw arguments.error("bad charset name");
        }
        return charset.toUpperCase(Locale.ROOT);
    }

    /**
     * Decodes the literals that follow in {@code charset}. One Java does not know is read as ISO-8859-1,
     * which takes any octet, so that the session can answer {@code NO [BADCHARSET]} rather than BAD.
     */
    static void useCharset(Arguments arguments, String charset) {
        boolean known;
        try {
            known = Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            known = false;
        }
        arguments.charset(known ? Charset.forName(charset) : StandardCharsets.ISO_8859_1);
    }
}
