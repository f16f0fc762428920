package io.mailfleet.smtp;

/** Why a started message was dropped; the wiring discards what it stored of it. */
public enum AbortReason {
    /** More content than the message size limit (RFC 1870). */
    SIZE_EXCEEDED,
    /** A CR or LF not part of a CRLF pair in line-oriented content: the SMTP smuggling vector. */
    BARE_LINE_ENDING,
    /** A DATA text line longer than the limit (RFC 5321 §4.5.3.1.6). */
    LINE_TOO_LONG,
    /** RSET, HELO/EHLO or STARTTLS in the middle of a BDAT transfer. */
    RESET,
    /** QUIT in the middle of a BDAT transfer. */
    QUIT,
    /** The session timed out while a message was open. */
    TIMEOUT,
    /** The connection closed while a message was open. */
    CONNECTION_LOST,
    /** The session closed the connection: too many errors or too much pipelined input. */
    SESSION_CLOSED
}
