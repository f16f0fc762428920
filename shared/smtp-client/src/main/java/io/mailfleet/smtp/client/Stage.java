package io.mailfleet.smtp.client;

import java.time.Duration;

/**
 * What the session is waiting for: it names the timeout to arm (RFC 5321 §4.5.3.2) and, in a
 * result, the point at which a recipient's outcome was decided.
 *
 * <p>The six stages of §4.5.3.2 carry its minimums as defaults. The RFC names no value for the
 * others; they get the same five minutes as its command stages, except connecting.
 */
public enum Stage {
    /** The TCP connection (no RFC value: a host that has not answered in 30 s is unlikely to). */
    CONNECT(Duration.ofSeconds(30), "while connecting"),
    /** The 220 greeting (§4.5.3.2.1). */
    GREETING(Duration.ofMinutes(5), "while waiting for the greeting"),
    /** The reply to EHLO or HELO. */
    HELLO(Duration.ofMinutes(5), "after EHLO or HELO"),
    /** The reply to STARTTLS and the TLS handshake. */
    STARTTLS(Duration.ofMinutes(5), "during STARTTLS"),
    /** The AUTH exchange. */
    AUTH(Duration.ofMinutes(5), "during AUTH"),
    /** The reply to MAIL FROM (§4.5.3.2.2). */
    MAIL(Duration.ofMinutes(5), "after MAIL FROM"),
    /** The reply to RCPT TO (§4.5.3.2.3). */
    RCPT(Duration.ofMinutes(5), "after RCPT TO"),
    /** The 354 to DATA (§4.5.3.2.4). */
    DATA_INITIATION(Duration.ofMinutes(2), "after DATA"),
    /** Each send of message data (§4.5.3.2.5). */
    DATA_BLOCK(Duration.ofMinutes(3), "while sending the message"),
    /** The reply to the end of the message, DATA's final dot or BDAT LAST (§4.5.3.2.6). */
    DATA_TERMINATION(Duration.ofMinutes(10), "after the end of the message"),
    /** The reply to RSET after a transaction that did not complete. */
    RSET(Duration.ofMinutes(5), "after RSET");

    private final Duration defaultTimeout;
    private final String during;

    Stage(Duration defaultTimeout, String during) {
        this.defaultTimeout = defaultTimeout;
        this.during = during;
    }

    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** Where in the dialogue, for a diagnostic: "after RCPT TO". */
    public String during() {
        return during;
    }
}
