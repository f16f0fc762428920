package io.mailfleet.smtp;

/** The fixed replies, with the enhanced codes of RFC 3463 and RFC 5248's registry. */
final class Replies {

    static final SmtpReply OK = SmtpReply.of(250, "2.0.0", "Ok");
    static final SmtpReply SENDER_OK = SmtpReply.of(250, "2.1.0", "Ok");
    static final SmtpReply RECIPIENT_OK = SmtpReply.of(250, "2.1.5", "Ok");
    static final SmtpReply BYE = SmtpReply.of(221, "2.0.0", "Bye");
    static final SmtpReply START_DATA = SmtpReply.plain(354, "End data with <CR><LF>.<CR><LF>");
    static final SmtpReply START_TLS = SmtpReply.of(220, "2.0.0", "Ready to start TLS");
    static final SmtpReply AUTHENTICATED = SmtpReply.of(235, "2.7.0", "Authentication successful");
    /** RFC 5321 §3.5.3: 252 neither confirms nor denies the address. */
    static final SmtpReply CANNOT_VRFY =
            SmtpReply.of(252, "2.0.0", "Cannot VRFY user, but will accept message and attempt delivery");
    static final SmtpReply HELP = SmtpReply.of(214, "2.0.0",
            "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH",
            "See RFC 5321");

    static final SmtpReply LINE_TOO_LONG = SmtpReply.of(500, "5.5.6", "Line too long");
    /** RFC 4954 §4: the reply to an overlong SASL response line. */
    static final SmtpReply AUTH_LINE_TOO_LONG = SmtpReply.of(500, "5.5.6", "Authentication Exchange line is too long");
    static final SmtpReply BARE_LINE_END_IN_COMMAND = SmtpReply.of(500, "5.5.2", "Lines must end with CRLF");
    static final SmtpReply BAD_CHARACTERS = SmtpReply.of(500, "5.5.2", "Invalid characters in command");
    static final SmtpReply UNKNOWN_COMMAND = SmtpReply.of(500, "5.5.2", "Command unrecognized");
    static final SmtpReply NOT_IMPLEMENTED = SmtpReply.of(502, "5.5.1", "Command not implemented");
    static final SmtpReply NO_ARGUMENTS = SmtpReply.of(501, "5.5.4", "Syntax error: no arguments allowed");
    static final SmtpReply BAD_SEQUENCE = SmtpReply.of(503, "5.5.1", "Bad sequence of commands");
    static final SmtpReply NO_RECIPIENTS = SmtpReply.of(554, "5.5.0", "No valid recipients");
    static final SmtpReply TOO_MANY_RECIPIENTS = SmtpReply.of(452, "4.5.3", "Too many recipients");
    static final SmtpReply TOO_BIG = SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
    /**
     * RFC 3463 §3.7: X.6.0, "other or undefined media error": the content breaks the line
     * structure of RFC 5321 §2.3.8. (X.6.11 is not in RFC 3463; 5.6.0 is what any client knows.)
     */
    static final SmtpReply BARE_LINE_END_IN_DATA =
            SmtpReply.of(550, "5.6.0", "Message contains a bare CR or LF; lines must end with CRLF");
    static final SmtpReply TEXT_LINE_TOO_LONG = SmtpReply.of(500, "5.5.6", "Text line too long");
    static final SmtpReply NEED_UTF8 = SmtpReply.of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");
    static final SmtpReply AUTH_REQUIRED = SmtpReply.of(530, "5.7.0", "Authentication required");
    static final SmtpReply TLS_REQUIRED = SmtpReply.of(530, "5.7.0", "Must issue a STARTTLS command first");
    /** RFC 4954 §6. */
    static final SmtpReply ENCRYPTION_REQUIRED =
            SmtpReply.of(538, "5.7.11", "Encryption required for requested authentication mechanism");
    static final SmtpReply UNKNOWN_MECHANISM = SmtpReply.of(504, "5.5.4", "Unrecognized authentication type");
    /** RFC 4954 §4: a "*" response cancels with 501. */
    static final SmtpReply AUTH_CANCELLED = SmtpReply.of(501, "5.0.0", "Authentication cancelled");
    static final SmtpReply BAD_BASE64 = SmtpReply.of(501, "5.5.2", "Cannot decode the response as base64 UTF-8");
    static final SmtpReply MALFORMED_PLAIN = SmtpReply.of(501, "5.5.2", "Malformed PLAIN response");
    static final SmtpReply AUTH_INVALID = SmtpReply.of(535, "5.7.8", "Authentication credentials invalid");
    static final SmtpReply AUTH_UNAVAILABLE = SmtpReply.of(454, "4.7.0", "Temporary authentication failure");
    static final SmtpReply STORE_FAILED = SmtpReply.of(451, "4.3.0", "Temporary failure, please try again later");
    static final SmtpReply TOO_MANY_ERRORS = SmtpReply.of(421, "4.7.0", "Too many errors, closing connection");
    static final SmtpReply TOO_MUCH_INPUT = SmtpReply.of(421, "4.7.0", "Too much pipelined input, closing connection");
    static final SmtpReply TIMEOUT = SmtpReply.of(421, "4.4.2", "Timeout, closing connection");

    private Replies() {
    }
}
