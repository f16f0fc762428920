package io.mailfleet.pop3;

import java.time.Duration;
import java.util.Objects;

/**
 * The listener's configuration.
 *
 * @param hostName our host name, in the greeting and the sign-off
 * @param tlsActive whether the connection is already TLS (implicit TLS on port 995, RFC 8314)
 * @param tlsAvailable whether STLS can be offered (a certificate is configured)
 * @param allowPlaintextAuth whether USER/PASS and AUTH may run without TLS (RFC 2595 §2 and RFC 8314 §5
 *     leave cleartext passwords to policy; refused by default)
 * @param maxCommandLine command line octets including CRLF (RFC 2449 §4: clients keep within 255)
 * @param maxBadCommands client errors before the session is closed
 * @param maxFailedLogins rejected credentials before the session is closed
 * @param failedLoginDelay the pause before the response to the first rejected credentials; the n-th
 *     rejection waits n times as long
 * @param maxBufferedInput octets of pipelined input held while the session waits for the wiring
 * @param authorizationTimeout how long a client may stay silent before authenticating
 * @param transactionTimeout how long an authenticated client may stay silent
 */
public record Pop3Settings(
        String hostName,
        boolean tlsActive,
        boolean tlsAvailable,
        boolean allowPlaintextAuth,
        int maxCommandLine,
        int maxBadCommands,
        int maxFailedLogins,
        Duration failedLoginDelay,
        int maxBufferedInput,
        Duration authorizationTimeout,
        Duration transactionTimeout) {

    /** RFC 2449 §4: a command line, CRLF included, is at most this long. */
    public static final int MIN_COMMAND_LINE = 255;
    /**
     * A SASL response line (RFC 5034 §4), or an AUTH command with its initial response: long enough for
     * PLAIN's base64 with long names and passwords, short enough to bound what a client makes us hold.
     */
    public static final int SASL_LINE = 2048;
    /** RFC 1939 §3: an inactivity autologout timer MUST be of at least 10 minutes. */
    public static final Duration MIN_TIMEOUT = Duration.ofMinutes(10);

    public Pop3Settings {
        Objects.requireNonNull(hostName, "hostName");
        if (!hostName.matches("[A-Za-z0-9.-]{1,255}")) {
            throw new IllegalArgumentException("hostName must be an ASCII domain name: " + hostName);
        }
        if (!tlsActive && !tlsAvailable && !allowPlaintextAuth) {
            throw new IllegalArgumentException("no TLS and no plaintext authentication: nobody could log in");
        }
        atLeast(maxCommandLine, MIN_COMMAND_LINE, "maxCommandLine");
        atLeast(maxBadCommands, 1, "maxBadCommands");
        atLeast(maxFailedLogins, 1, "maxFailedLogins");
        Objects.requireNonNull(failedLoginDelay, "failedLoginDelay");
        if (failedLoginDelay.isNegative()) {
            throw new IllegalArgumentException("failedLoginDelay is negative");
        }
        atLeast(maxBufferedInput, SASL_LINE, "maxBufferedInput");
        atLeast(authorizationTimeout, "authorizationTimeout");
        atLeast(transactionTimeout, "transactionTimeout");
    }

    /**
     * STLS offered, no plaintext authentication, 255-octet commands, 20 bad commands, 3 failed logins
     * with 2 s, 4 s, 6 s delays, 64 KiB of pipelined input, 10-minute timeouts.
     */
    public static Pop3Settings defaults(String hostName) {
        return new Pop3Settings(hostName, false, true, false, MIN_COMMAND_LINE, 20, 3, Duration.ofSeconds(2),
                64 * 1024, MIN_TIMEOUT, MIN_TIMEOUT);
    }

    public Pop3Settings withTls(boolean active, boolean available) {
        return new Pop3Settings(hostName, active, available, allowPlaintextAuth, maxCommandLine, maxBadCommands,
                maxFailedLogins, failedLoginDelay, maxBufferedInput, authorizationTimeout, transactionTimeout);
    }

    public Pop3Settings withPlaintextAuth(boolean allowed) {
        return new Pop3Settings(hostName, tlsActive, tlsAvailable, allowed, maxCommandLine, maxBadCommands,
                maxFailedLogins, failedLoginDelay, maxBufferedInput, authorizationTimeout, transactionTimeout);
    }

    private static void atLeast(int value, int minimum, String name) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " is " + value + ", the minimum is " + minimum);
        }
    }

    private static void atLeast(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.compareTo(MIN_TIMEOUT) < 0) {
            throw new IllegalArgumentException(name + " is " + timeout + ", the minimum is " + MIN_TIMEOUT);
        }
    }
}
