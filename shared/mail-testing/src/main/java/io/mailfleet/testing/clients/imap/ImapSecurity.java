package io.mailfleet.testing.clients.imap;

/** How a client protects its IMAP connection. */
public enum ImapSecurity {
    /** No TLS at all: for servers that allow plaintext logins (on loopback, say). */
    NONE,
    /** Plain connection, then STARTTLS (RFC 9051 section 6.2.1) before the login; the client insists on it. */
    STARTTLS,
    /** TLS from the first byte (RFC 8314), the imaps port. */
    IMPLICIT_TLS
}
