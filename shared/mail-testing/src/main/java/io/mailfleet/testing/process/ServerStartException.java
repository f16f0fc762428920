package io.mailfleet.testing.process;

/** A server did not become ready; the message carries the tail of its log. */
public class ServerStartException extends RuntimeException {

    public ServerStartException(String message) {
        super(message);
    }

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
