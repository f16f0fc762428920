package io.mailfleet.smtp.client;

/** The server sent something that is not an SMTP reply, or one beyond our bounds. */
public final class MalformedReplyException extends Exception {

    public MalformedReplyException(String message) {
        super(message);
    }
}
