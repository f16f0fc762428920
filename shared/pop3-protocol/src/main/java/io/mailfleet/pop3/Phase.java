package io.mailfleet.pop3;

/** The states of RFC 1939 §3, with the two in which the session reads no commands. */
enum Phase {
    AUTHORIZATION,
    /** STLS was accepted; until the handshake is done, whatever arrives is plaintext injected before it. */
    TLS_HANDSHAKE,
    TRANSACTION,
    /** After QUIT, while the deletions are committed; the session closes next. */
    UPDATE,
    CLOSED
}
