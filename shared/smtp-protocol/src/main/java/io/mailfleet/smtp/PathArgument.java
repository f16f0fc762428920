package io.mailfleet.smtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The argument of MAIL and RCPT: {@code FROM:<path>} or {@code TO:<path>}, then ESMTP parameters
 * (RFC 5321 §4.1.2 {@code Mail-parameters}, {@code Rcpt-parameters}).
 *
 * @param path the path with its angle brackets
 * @param parameters keywords upper-cased, in order; the value is null for a keyword without one
 */
record PathArgument(String path, Map<String, String> parameters) {

    /** Between parameters; compiled once rather than by {@code String.split} on every MAIL and RCPT. */
    private static final Pattern SPACES = Pattern.compile(" +");

    /** Parses after {@code prefix} ({@code FROM:} or {@code TO:}), ignoring case. */
    static PathArgument parse(String argument, String prefix) throws ReplyException {
        if (!argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw syntax("expected " + prefix + "<address>");
        }
        // Spaces after the colon break the grammar, but enough clients send them to accept them.
        String rest = argument.substring(prefix.length()).stripLeading();
        int end = pathEnd(rest);
        String path = rest.substring(0, end);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String parameter : SPACES.split(rest.substring(end).trim())) {
            if (!parameter.isEmpty()) {
                addParameter(parameters, parameter);
            }
        }
        return new PathArgument(path, parameters);
    }

    /** The index after the {@code >} closing the path; a {@code >} inside a quoted local part does not count. */
    private static int pathEnd(String text) throws ReplyException {
        if (!text.startsWith("<")) {
            throw syntax("the address must be enclosed in < >");
        }
        boolean quoted = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                if (i + 1 < text.length() && text.charAt(i + 1) != ' ') {
                    throw syntax("a space must separate the address from parameters");
                }
                return i + 1;
            }
        }
        throw syntax("the address must be enclosed in < >");
    }

    /** {@code esmtp-keyword ["=" esmtp-value]}; values are printable, UTF-8 allowed by RFC 6531 §3.3. */
    private static void addParameter(Map<String, String> parameters, String parameter) throws ReplyException {
        int equals = parameter.indexOf('=');
        String keyword = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? null : parameter.substring(equals + 1);
        if (!keyword.matches("[A-Za-z0-9][A-Za-z0-9-]*")) {
            throw syntax("malformed parameter keyword");
        }
        if (value != null && (value.isEmpty() || !value.codePoints().allMatch(c -> c > ' ' && c != '=' && c != 0x7F))) {
            throw syntax("malformed parameter value");
        }
        if (parameters.putIfAbsent(keyword.toUpperCase(Locale.ROOT), value) != null || parameters.size() > 16) {
            throw syntax("duplicate or too many parameters");
        }
    }

    static ReplyException syntax(String text) {
        return new ReplyException(501, "5.5.4", "Syntax error: " + text);
    }
}
