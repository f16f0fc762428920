package io.mailfleet.smtp;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.Listener;
import java.util.Objects;

/**
 * The listener's configuration. Limits can be raised but never set below the minimums RFC 5321
 * §4.5.3.1 obliges every server to accept.
 *
 * @param hostName our host name, in the greeting and the Received header
 * @param listener the listener kind, which decides the extensions offered and whether AUTH is required
 * @param tlsActive whether the connection is already TLS (implicit TLS, RFC 8314)
 * @param tlsAvailable whether STARTTLS can be offered (a certificate is configured)
 * @param allowPlaintextAuth whether AUTH may run without TLS (RFC 4954 §4 leaves it to policy)
 * @param maxCommandLine command line octets including CRLF (§4.5.3.1.4: at least 512)
 * @param maxTextLine DATA text line octets including CRLF (§4.5.3.1.6: at least 1000)
 * @param maxRecipients recipients per message (§4.5.3.1.8: at least 100)
 * @param maxMessageSize message octets, advertised with SIZE (§4.5.3.1.7: at least 64 KiB)
 * @param maxErrors client errors before the session is closed with 421
 * @param maxBufferedInput octets of pipelined input held while a decision is pending
 * @param maxHeaderBlock header octets held on submission to add Message-ID and Date; beyond, none is added
 * @param postmaster the mailbox a bare {@code RCPT TO:<postmaster>} reaches (RFC 5321 §4.5.1)
 */
public record SmtpSettings(
        String hostName,
        Listener listener,
        boolean tlsActive,
        boolean tlsAvailable,
        boolean allowPlaintextAuth,
        int maxCommandLine,
        int maxTextLine,
        int maxRecipients,
        long maxMessageSize,
        int maxErrors,
        int maxBufferedInput,
        int maxHeaderBlock,
        MailAddress postmaster) {

    public static final int MIN_COMMAND_LINE = 512;
    public static final int MIN_TEXT_LINE = 1000;
    public static final int MIN_RECIPIENTS = 100;
    public static final long MIN_MESSAGE_SIZE = 64 * 1024;
    /** RFC 4954 §4: an AUTH command with its initial response, and each SASL response, may be this long. */
    public static final int AUTH_LINE = 12288;
    public static final long DEFAULT_MESSAGE_SIZE = 50L * 1024 * 1024;

    public SmtpSettings {
        Objects.requireNonNull(hostName, "hostName");
        if (!hostName.matches("[A-Za-z0-9.-]{1,255}")) {
            throw new IllegalArgumentException("hostName must be an ASCII domain name: " + hostName);
        }
        Objects.requireNonNull(listener, "listener");
        if (listener == Listener.SUBMISSIONS && !tlsActive) {
            throw new IllegalArgumentException("the submissions listener is implicit TLS");
        }
        atLeast(maxCommandLine, MIN_COMMAND_LINE, "maxCommandLine");
        atLeast(maxTextLine, MIN_TEXT_LINE, "maxTextLine");
        atLeast(maxRecipients, MIN_RECIPIENTS, "maxRecipients");
        atLeast(maxMessageSize, MIN_MESSAGE_SIZE, "maxMessageSize");
        atLeast(maxErrors, 1, "maxErrors");
        atLeast(maxBufferedInput, AUTH_LINE, "maxBufferedInput");
        atLeast(maxHeaderBlock, MIN_TEXT_LINE, "maxHeaderBlock");
        Objects.requireNonNull(postmaster, "postmaster");
    }

    /**
     * The RFC minimums, 50 MiB messages, 10 errors; TLS active only on the submissions listener;
     * {@code postmaster@} the host name as the postmaster.
     */
    public static SmtpSettings defaults(String hostName, Listener listener) {
        boolean implicitTls = listener == Listener.SUBMISSIONS;
        return new SmtpSettings(hostName, listener, implicitTls, !implicitTls, false,
                MIN_COMMAND_LINE, MIN_TEXT_LINE, MIN_RECIPIENTS, DEFAULT_MESSAGE_SIZE, 10, 256 * 1024, 64 * 1024,
                MailAddress.parse("postmaster@" + hostName));
    }

    public SmtpSettings withTls(boolean active, boolean available) {
        return new SmtpSettings(hostName, listener, active, available, allowPlaintextAuth, maxCommandLine,
                maxTextLine, maxRecipients, maxMessageSize, maxErrors, maxBufferedInput, maxHeaderBlock, postmaster);
    }

    public SmtpSettings withPlaintextAuth(boolean allowed) {
        return new SmtpSettings(hostName, listener, tlsActive, tlsAvailable, allowed, maxCommandLine,
                maxTextLine, maxRecipients, maxMessageSize, maxErrors, maxBufferedInput, maxHeaderBlock, postmaster);
    }

    public SmtpSettings withMaxMessageSize(long size) {
        return new SmtpSettings(hostName, listener, tlsActive, tlsAvailable, allowPlaintextAuth, maxCommandLine,
                maxTextLine, maxRecipients, size, maxErrors, maxBufferedInput, maxHeaderBlock, postmaster);
    }

    public SmtpSettings withMaxErrors(int errors) {
        return new SmtpSettings(hostName, listener, tlsActive, tlsAvailable, allowPlaintextAuth, maxCommandLine,
                maxTextLine, maxRecipients, maxMessageSize, errors, maxBufferedInput, maxHeaderBlock, postmaster);
    }

    public SmtpSettings withPostmaster(MailAddress address) {
        return new SmtpSettings(hostName, listener, tlsActive, tlsAvailable, allowPlaintextAuth, maxCommandLine,
                maxTextLine, maxRecipients, maxMessageSize, maxErrors, maxBufferedInput, maxHeaderBlock, address);
    }

    private static void atLeast(long value, long minimum, String name) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " is " + value + ", the minimum is " + minimum);
        }
    }
}
