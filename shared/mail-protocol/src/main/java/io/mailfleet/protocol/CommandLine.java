package io.mailfleet.protocol;

import java.util.Locale;

/**
 * A command line split at its first space: the keyword (case-insensitive in SMTP and POP3, so given in
 * upper case) and the argument after it, as sent; a line without a space has an empty argument.
 */
public record CommandLine(String keyword, String argument) {

    public static CommandLine split(String line) {
        int space = line.indexOf(' ');
        if (space < 0) {
            return new CommandLine(line.toUpperCase(Locale.ROOT), "");
        }
        return new CommandLine(line.substring(0, space).toUpperCase(Locale.ROOT), line.substring(space + 1));
    }
}
