package io.mailfleet.store.relay;

/** How the relay finished with a recipient: nothing more is sent for it, whatever is redelivered. */
public enum RelayOutcome {
    /** A remote server took responsibility for the message (2xx after the data). */
    DELIVERED,
    /** The message failed for good and the sender was notified (or needed no notice). */
    BOUNCED
}
