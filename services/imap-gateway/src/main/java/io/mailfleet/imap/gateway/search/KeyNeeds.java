package io.mailfleet.imap.gateway.search;

import io.mailfleet.imap.command.SearchKey;

import java.util.ArrayList;
import java.util.List;

/** What a search key reads beyond the message rows, so that a search reads nothing its key does not test. */
public final class KeyNeeds {

    private KeyNeeds() {
    }

    /**
     * Whether the key tests the parsed content (header fields, the sent date, or TEXT, which looks in the
     * header): without it, a search reads no content but that of a message whose text must be read from its
     * body.
     */
    public static boolean parsedContent(SearchKey key) {
        if (key instanceof SearchKey.And and) {
            return and.keys().stream().anyMatch(KeyNeeds::parsedContent);
        }
        if (key instanceof SearchKey.Or or) {
            return parsedContent(or.left()) || parsedContent(or.right());
        }
        if (key instanceof SearchKey.Not not) {
            return parsedContent(not.key());
        }
        if (key instanceof SearchKey.OnDate date) {
            return date.field() == SearchKey.DateField.SENT;
        }
        return key instanceof SearchKey.Header || key instanceof SearchKey.Text;
    }

    /**
     * Whether the key tests what only a whole message row holds (flags, dates, MODSEQ, the Message-ID as EMAILID):
     * without it, a search reads each row's UID, blob key, size and text signature alone.
     */
    public static boolean wholeRows(SearchKey key) {
        if (key instanceof SearchKey.And and) {
            return and.keys().stream().anyMatch(KeyNeeds::wholeRows);
        }
        if (key instanceof SearchKey.Or or) {
            return wholeRows(or.left()) || wholeRows(or.right());
        }
        if (key instanceof SearchKey.Not not) {
            return wholeRows(not.key());
        }
        if (key instanceof SearchKey.OnDate date) {
            return date.field() != SearchKey.DateField.SENT;
        }
        return key instanceof SearchKey.HasFlag || key instanceof SearchKey.Age || key instanceof SearchKey.ModSeq
                || key instanceof SearchKey.EmailId;
    }

    /**
     * Whether every message the key is evaluated on reaches a BODY or TEXT test: the key is one, or its first
     * part (the first key of an AND, the left of an OR, what a NOT negates) is one, which the evaluation of a message
     * always starts with. Then the texts its signature cannot rule out are read for a message in any case, and a
     * search may read them ahead; for any other key a page may have no message that reaches the test, and its
     * texts are read only when one does.
     */
    public static boolean textOfEveryMessage(SearchKey key) {
        if (key instanceof SearchKey.And and) {
            return !and.keys().isEmpty() && textOfEveryMessage(and.keys().get(0));
        }
        if (key instanceof SearchKey.Or or) {
            return textOfEveryMessage(or.left());
        }
        if (key instanceof SearchKey.Not not) {
            return textOfEveryMessage(not.key());
        }
        return key instanceof SearchKey.Body || key instanceof SearchKey.Text;
    }

    /** The strings of the key's BODY and TEXT keys, as given: those a message's search text is tested for. */
    public static List<String> textStrings(SearchKey key) {
        List<String> strings = new ArrayList<>();
        collect(key, strings);
        return strings;
    }

    private static void collect(SearchKey key, List<String> strings) {
        if (key instanceof SearchKey.And and) {
            and.keys().forEach(each -> collect(each, strings));
        } else if (key instanceof SearchKey.Or or) {
            collect(or.left(), strings);
            collect(or.right(), strings);
        } else if (key instanceof SearchKey.Not not) {
            collect(not.key(), strings);
        } else if (key instanceof SearchKey.Body body) {
            strings.add(body.value());
        } else if (key instanceof SearchKey.Text text) {
            strings.add(text.value());
        }
    }
}
