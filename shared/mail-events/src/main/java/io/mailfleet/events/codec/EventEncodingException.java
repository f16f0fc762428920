package io.mailfleet.events.codec;

/** The value cannot be written as an event: not a known event type, or a version this code cannot vouch for. */
public class EventEncodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EventEncodingException(String message) {
        super(message);
    }

    public EventEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
