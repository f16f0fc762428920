package io.mailfleet.delivery.local;

/** What became of a message for one local account. */
public enum LocalOutcome {
    /** Stored now. */
    DELIVERED,
    /** Stored by an earlier delivery of the same event: nothing written. */
    ALREADY_DELIVERED,
    /** The client's retry of a message the INBOX got under another message id within the window: nothing written. */
    CLIENT_RETRY,
    /** The account's quota has no room for it: a temporary failure. */
    OVER_QUOTA,
    /** The account was deleted after the recipient was accepted: 5.1.1. */
    NO_SUCH_ACCOUNT
}
