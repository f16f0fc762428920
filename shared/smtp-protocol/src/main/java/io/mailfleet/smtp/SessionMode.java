package io.mailfleet.smtp;

/** What the session reads next from the client's octets. */
enum SessionMode { COMMAND, SASL, DATA, BDAT, TLS_HANDSHAKE, CLOSED }
