package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.Optional;

/**
 * {@code authenticate = "AUTHENTICATE" SP auth-type [SP (base64 / "=")]} (RFC 9051 §6.2.2; the initial
 * response is SASL-IR, RFC 4959 §3, where {@code =} is an empty response).
 *
 * @param mechanism in upper case
 * @param initialResponse the base64 text, empty for {@code =}; absent when none was sent
 */
public record AuthenticateCommand(String tag, String mechanism, Optional<String> initialResponse)
        implements ImapCommand {

    @Override
    public CommandKind kind() {
        return CommandKind.AUTHENTICATE;
    }

    @Override
    public String toString() {
        return "AuthenticateCommand[tag=" + tag + ", mechanism=" + mechanism + ", initialResponse="
                + initialResponse.map(r -> "<hidden>") + "]";
    }

    /** A client's response line that cancels the exchange (RFC 9051 §6.2.2): {@code *}. */
    public static boolean isCancellation(String line) {
        return line.equals("*");
    }

    static AuthenticateCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        String mechanism = arguments.keywordAtom();
        Optional<String> initialResponse = Optional.empty();
        if (arguments.tryChar(' ')) {
            initialResponse = Optional.of(arguments.tryChar('=') ? "" : base64(arguments));
        }
        arguments.end();
        return new AuthenticateCommand(tag, mechanism, initialResponse);
    }

    /** {@code base64 = *(4base64-char) [base64-terminal]}. */
    private static String base64(Arguments arguments) {
        String text = arguments.readWhile(c -> Character.isLetterOrDigit(c) && c < 0x80 || c == '+' || c == '/');
        String padding = arguments.readWhile(c -> c == '=');
        if (text.isEmpty() || (text.length() + padding.length()) % 4 != 0 || padding.length() > 2) {
            throw arguments.error("the initial response is not base64");
        }
        return text + padding;
    }
}
