package io.mailfleet.pop3;

/**
 * The fixed responses. The texts of RFC 1939's examples are kept where it has them; response codes are those
 * of RFC 2449 §8 and RFC 3206.
 */
final class Replies {

    static final Pop3Reply OK = Pop3Reply.ok("");
    static final Pop3Reply USER_ACCEPTED = Pop3Reply.ok("Send PASS");
    static final Pop3Reply BEGIN_TLS = Pop3Reply.ok("Begin TLS negotiation");
    static final Pop3Reply TOP_FOLLOWS = Pop3Reply.ok("Top of message follows");
    static final Pop3Reply MESSAGE_UNAVAILABLE = Pop3Reply.err("[SYS/TEMP] The message cannot be read now, try again later");

    static final Pop3Reply UNKNOWN_COMMAND = Pop3Reply.err("Unknown command");
    static final Pop3Reply WRONG_STATE = Pop3Reply.err("Command not valid in this state");
    static final Pop3Reply LINE_TOO_LONG = Pop3Reply.err("Line too long");
    static final Pop3Reply BARE_LINE_END = Pop3Reply.err("Lines must end with CRLF");
    static final Pop3Reply BAD_CHARACTERS = Pop3Reply.err("Invalid characters in command");
    static final Pop3Reply TOO_MANY_BAD_COMMANDS = Pop3Reply.err("Too many bad commands, closing connection");
    static final Pop3Reply TOO_MUCH_INPUT = Pop3Reply.err("Too much pipelined input, closing connection");

    static final Pop3Reply TLS_ACTIVE = Pop3Reply.err("Command not permitted when TLS active");
    static final Pop3Reply TLS_UNAVAILABLE = Pop3Reply.err("TLS not available");
    /** RFC 2595 §2.1 asks servers to refuse cleartext passwords without TLS, by configuration. */
    static final Pop3Reply TLS_REQUIRED = Pop3Reply.err("[AUTH] Plaintext authentication disallowed, TLS required");
    static final Pop3Reply USER_FIRST = Pop3Reply.err("Send USER first");
    static final Pop3Reply UNKNOWN_MECHANISM = Pop3Reply.err("Unrecognized authentication type");
    /** RFC 5034 §4: a {@code *} response cancels the exchange with -ERR. */
    static final Pop3Reply AUTH_CANCELLED = Pop3Reply.err("Authentication cancelled");
    static final Pop3Reply BAD_BASE64 = Pop3Reply.err("Cannot decode the response as base64 UTF-8");
    static final Pop3Reply MALFORMED_PLAIN = Pop3Reply.err("Malformed PLAIN response");
    /** RFC 4616 §2: acting for another identity is not offered, so only the user's own identity is. */
    static final Pop3Reply FOREIGN_AUTHZID =
            Pop3Reply.err("[AUTH] Authorization identity must be empty or the authentication identity");
    static final Pop3Reply AUTH_FAILED = Pop3Reply.err("[AUTH] Authentication failed");
    static final Pop3Reply TOO_MANY_FAILED_LOGINS = Pop3Reply.err("[AUTH] Authentication failed, closing connection");
    static final Pop3Reply AUTH_UNAVAILABLE = Pop3Reply.err("[SYS/TEMP] Authentication unavailable, try again later");
    static final Pop3Reply IN_USE = Pop3Reply.err("[IN-USE] Maildrop in use by another session");
    static final Pop3Reply MAILDROP_UNAVAILABLE = Pop3Reply.err("[SYS/TEMP] Maildrop unavailable, try again later");
    /** RFC 1939 §6. */
    static final Pop3Reply DELETIONS_FAILED = Pop3Reply.err("[SYS/TEMP] Some deleted messages not removed");

    private Replies() {
    }

    static ReplyException syntax(String usage) {
        return new ReplyException(Pop3Reply.err("Syntax: " + usage));
    }

    /** {@code 2 messages (320 octets)}, as in RFC 1939's examples. */
    static String messages(int count, long octets) {
        return count + (count == 1 ? " message (" : " messages (") + octets + " octets)";
    }
}
