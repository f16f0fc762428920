package io.mailfleet.imap.session;

import java.util.List;
import java.util.Objects;

import io.mailfleet.imap.wire.ReaderLimits;

/**
 * How one listener's sessions behave.
 *
 * @param hostName named in the greeting
 * @param implicitTls the connection is TLS from its first octet (port 993, RFC 8314)
 * @param startTlsOffered STARTTLS may upgrade a plaintext connection (a certificate is configured)
 * @param plaintextLoginAllowed LOGIN and AUTHENTICATE PLAIN/LOGIN work without TLS; when false they are
 *     refused and LOGINDISABLED is advertised until TLS is on (RFC 9051 §6.2.3)
 * @param maxBadCommands BAD responses a connection may earn before the server says BYE and closes
 * @param maxBufferedInput octets the client may send ahead while the session waits for the gateway
 * @param limits the reader's limits on commands, literals and APPEND messages
 * @param extensions the capabilities advertised once logged in: those of {@link Capabilities#EXTENSIONS}
 *     the service behind the core carries out in full, since nothing advertised may be unimplemented
 */
public record ImapSettings(String hostName, boolean implicitTls, boolean startTlsOffered,
        boolean plaintextLoginAllowed, int maxBadCommands, int maxBufferedInput, ReaderLimits limits,
        List<String> extensions) {

    public ImapSettings {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(limits, "limits");
        if (maxBadCommands < 1 || maxBufferedInput < 1) {
            throw new IllegalArgumentException("maxBadCommands and maxBufferedInput must be positive");
        }
        extensions = List.copyOf(extensions);
        for (String extension : extensions) {
            if (!Capabilities.EXTENSIONS.contains(extension)) {
                throw new IllegalArgumentException("the core does not parse " + extension);
            }
        }
    }

    /** Settings advertising every extension the core parses. */
    public ImapSettings(String hostName, boolean implicitTls, boolean startTlsOffered, boolean plaintextLoginAllowed,
            int maxBadCommands, int maxBufferedInput, ReaderLimits limits) {
        this(hostName, implicitTls, startTlsOffered, plaintextLoginAllowed, maxBadCommands, maxBufferedInput, limits,
                Capabilities.EXTENSIONS);
    }

    /** A plaintext listener offering STARTTLS and refusing plaintext logins, with 10 BAD commands and 1 MiB ahead. */
    public static ImapSettings defaults(String hostName) {
        return new ImapSettings(hostName, false, true, false, 10, 1 << 20, ReaderLimits.defaults());
    }
}
