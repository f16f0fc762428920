package io.mailfleet.smtp;

import java.time.Duration;

/**
 * The timeouts of RFC 5321 §4.5.3.2, which the session names for its current state so that the
 * wiring arms one timer. The durations are the RFC's minimums; §4.5.3.2 says they SHOULD NOT be
 * shorter.
 */
public enum SmtpTimeout {
    /** Before the first command (§4.5.3.2.1). */
    INITIAL(Duration.ofMinutes(5)),
    /** In a transaction after MAIL, no recipient yet (§4.5.3.2.2). */
    MAIL(Duration.ofMinutes(5)),
    /** In a transaction with recipients, or while a recipient is being checked (§4.5.3.2.3). */
    RCPT(Duration.ofMinutes(5)),
    /** After 354, before the first data octet (§4.5.3.2.4). */
    DATA_INITIATION(Duration.ofMinutes(2)),
    /** Between two blocks of message data, DATA or BDAT (§4.5.3.2.5). */
    DATA_BLOCK(Duration.ofMinutes(3)),
    /** After the end of data while the message is being made durable (§4.5.3.2.6). */
    DATA_TERMINATION(Duration.ofMinutes(10)),
    /** Waiting for the next command outside a transaction (§4.5.3.2.7). */
    SERVER_INACTIVITY(Duration.ofMinutes(5));

    private final Duration duration;

    SmtpTimeout(Duration duration) {
        this.duration = duration;
    }

    public Duration duration() {
        return duration;
    }
}
