package io.mailfleet.model.event;

/** Which SMTP listener accepted a message; the role decides the policy that applied to it. */
public enum Listener {
    /** Port 25: mail from other servers to local recipients (RFC 5321). */
    MX,
    /** Port 587: authenticated clients, STARTTLS (RFC 6409). */
    SUBMISSION,
    /** Port 465: authenticated clients over implicit TLS (RFC 8314). */
    SUBMISSIONS
}
