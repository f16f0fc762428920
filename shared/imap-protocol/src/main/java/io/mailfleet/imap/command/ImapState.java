package io.mailfleet.imap.command;

/** The states of an IMAP connection (RFC 3501 §3, RFC 9051 §3). */
public enum ImapState {
    NOT_AUTHENTICATED,
    AUTHENTICATED,
    SELECTED,
    LOGOUT
}
