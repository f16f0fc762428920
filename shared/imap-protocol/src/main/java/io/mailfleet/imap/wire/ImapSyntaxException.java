package io.mailfleet.imap.wire;

/**
 * Client input that breaks the IMAP grammar; the message is short text fit for a {@code BAD} response.
 * Thrown for every malformed command, so it records no stack trace.
 */
public final class ImapSyntaxException extends RuntimeException {

    public ImapSyntaxException(String message) {
        super(message, null, false, false);
    }
}
