package io.mailfleet.model.event;

/** The RCPT TO {@code NOTIFY} values of RFC 3461 §4.1. */
public enum DsnNotify {
    /** No DSN at all; RFC 3461 forbids combining it with the others. */
    NEVER,
    SUCCESS,
    FAILURE,
    DELAY
}
