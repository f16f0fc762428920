package io.mailfleet.pop3;

import java.util.List;

/** Reads command arguments (RFC 1939 §3: separated by spaces; numbers are decimal). */
final class Arguments {

    private Arguments() {
    }

    static void requireNone(String argument, String usage) throws ReplyException {
        if (!argument.isBlank()) {
            throw Replies.syntax(usage);
        }
    }

    /** The words of the argument; several spaces between them are taken as one. */
    static List<String> words(String argument) {
        String stripped = argument.strip();
        return stripped.isEmpty() ? List.of() : List.of(stripped.split(" +"));
    }

    /** A decimal number; one too large for a long is as out of range as any beyond the maildrop. */
    static long number(String word, String usage) throws ReplyException {
        if (word.isEmpty() || !word.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw Replies.syntax(usage);
        }
        String digits = word.replaceFirst("^0+(?=.)", "");
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
