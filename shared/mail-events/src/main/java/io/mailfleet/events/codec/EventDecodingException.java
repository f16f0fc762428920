package io.mailfleet.events.codec;

/** The bytes are not an event this code can read: not JSON, no known type, or invalid values. */
public class EventDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EventDecodingException(String message) {
        super(message);
    }

    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
