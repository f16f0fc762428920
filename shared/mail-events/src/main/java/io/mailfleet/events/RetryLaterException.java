package io.mailfleet.events;

/**
 * Thrown by a handler when the event is fine but something it needs is not available now (a store
 * is down, a publish timed out). Unlike other failures it never dead-letters the event: the consumer
 * waits its retry backoff and reads the record again, for as long as it takes, so an outage delays
 * mail but cannot discard it.
 */
public class RetryLaterException extends RuntimeException {

    public RetryLaterException(String message, Throwable cause) {
        super(message, cause);
    }
}
