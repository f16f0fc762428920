package io.mailfleet.model.event;

/** The MAIL FROM {@code RET} parameter of RFC 3461 §4.3: what a DSN carries of the original message. */
public enum DsnReturn {
    /** The whole message. */
    FULL,
    /** The headers only. */
    HDRS
}
