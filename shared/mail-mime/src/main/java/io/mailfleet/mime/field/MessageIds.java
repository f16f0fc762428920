package io.mailfleet.mime.field;

import java.util.ArrayList;
import java.util.List;

/**
 * The Message IDs of a Message-ID, In-Reply-To or References field (RFC 5322 §3.6.4), normalized as RFC 5256 §3
 * asks of THREAD=REFERENCES: a quoted local part and its quoted pairs unquoted, folding white space and comments
 * inside the angle brackets (the obsolete syntax of RFC 5322 §4.5.4) dropped, so that
 * {@code <"01KF8JCEOCBS0045PS"@xxx.yyy.com>} and {@code <01KF8JCEOCBS0045PS@xxx.yyy.com>} are one Message ID.
 * Outside the brackets, comments and quoted strings are passed over (an old In-Reply-To may say
 * {@code "your message of" <id@host>}). A bracketed text that is not {@code id-left "@" id-right}, both sides
 * non-empty, is no valid Message ID and is left out.
 */
public final class MessageIds {

    private MessageIds() {
    }

    /** The valid Message IDs of a field value (unfolded), normalized, in their order; empty for none. */
    public static List<String> of(String field) {
        List<String> ids = new ArrayList<>();
        if (field == null) {
            return ids;
        }
        int at = 0;
        while (at < field.length()) {
            char c = field.charAt(at);
            if (c == '(') {
                at = afterComment(field, at);
            } else if (c == '"') {
                at = afterQuoted(field, at, null);
            } else if (c == '<') {
                at = bracketed(field, at, ids);
            } else {
                at++;
            }
        }
        return ids;
    }

    /** Reads the bracketed id starting at {@code open}, adds it if valid; the index after it. */
    private static int bracketed(String field, int open, List<String> ids) {
        StringBuilder id = new StringBuilder();
        int atSign = -1;
        int at = open + 1;
        while (at < field.length()) {
            char c = field.charAt(at);
            if (c == '>') {
                if (atSign > 0 && atSign < id.length() - 1) {
                    ids.add(id.toString());
                }
                return at + 1;
            } else if (c == '<') {
                return at; // an unclosed bracket: what follows starts afresh
            } else if (c == '"') {
                at = afterQuoted(field, at, id);
            } else if (c == '(') {
                at = afterComment(field, at);
            } else if (Character.isWhitespace(c)) {
                at++;
            } else {
                if (c == '@') {
                    atSign = id.length();
                }
                id.append(c);
                at++;
            }
        }
        return at;
    }

    /** The index after the quoted string opening at {@code open}; its unquoted text goes to {@code into}, if any. */
    private static int afterQuoted(String field, int open, StringBuilder into) {
        int at = open + 1;
        while (at < field.length() && field.charAt(at) != '"') {
            if (field.charAt(at) == '\\' && at + 1 < field.length()) {
                at++;
            }
            if (into != null) {
                into.append(field.charAt(at));
            }
            at++;
        }
        return at + 1;
    }

    /** The index after the comment opening at {@code open}, comments nesting (RFC 5322 §3.2.2). */
    private static int afterComment(String field, int open) {
        int depth = 0;
        int at = open;
        while (at < field.length()) {
            char c = field.charAt(at++);
            if (c == '\\') {
                at++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return at;
            }
        }
        return at;
    }
}
