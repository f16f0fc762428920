package io.mailfleet.pop3;

import java.util.ArrayList;
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

    /** The words of the argument; several spaces between them are taken as one. Read by hand: a command's hot path. */
    static List<String> words(String argument) {
        String stripped = argument.strip();
        List<String> words = new ArrayList<>(2);
        int start = 0;
        while (start < stripped.length()) {
            int end = stripped.indexOf(' ', start);
            end = end < 0 ? stripped.length() : end;
            if (end > start) {
                words.add(stripped.substring(start, end));
            }
            start = end + 1;
        }
        return List.copyOf(words);
    }

    /** A decimal number; one too large for a long is as out of range as any beyond the maildrop. */
    static long number(String word, String usage) throws ReplyException {
        if (word.isEmpty() || !word.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw Replies.syntax(usage);
        }
        int first = 0;
        while (first < word.length() - 1 && word.charAt(first) == '0') {
            first++;
        }
        String digits = word.substring(first);
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
