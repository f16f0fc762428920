package io.mailfleet.smtp.client;

/** Whether the session uses STARTTLS (RFC 3207). */
public enum TlsMode {
    /** Never: plaintext throughout, even when STARTTLS is offered. */
    NONE,
    /**
     * When offered, as RFC 7435 describes for MX hosts: plaintext when the server offers no
     * STARTTLS or refuses the command; a failed handshake asks the wiring to try the host again in
     * plaintext ({@link TransactionResult.Retry#WITHOUT_TLS}).
     */
    OPPORTUNISTIC,
    /** Always: a server without STARTTLS, or a failed handshake, fails the delivery temporarily. */
    REQUIRED
}
