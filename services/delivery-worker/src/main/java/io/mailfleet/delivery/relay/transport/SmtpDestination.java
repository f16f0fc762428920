package io.mailfleet.delivery.relay.transport;

import io.mailfleet.smtp.client.SmtpClientSettings;
import io.mailfleet.smtp.client.TlsMode;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One server to deliver to, and how. Connections are pooled per destination, so two destinations
 * that differ in anything (TLS mode, credentials, certificate check) never share one.
 *
 * @param hostName the server's name: for an MX host the name in the MX record, for a smart host
 *     the configured name. It goes in TLS's server name indication and is what a verified
 *     certificate must name
 * @param address the address to connect to, resolved by the caller
 * @param port 25 for MX hosts; what the smart host listens on
 * @param settings the session settings, TLS mode and credentials among them
 * @param verifyCertificate whether the server's certificate must chain to a trusted root and name
 *     {@code hostName} (a smart host); when false any certificate is taken (MX hosts, RFC 7435)
 */
public record SmtpDestination(
        String hostName, InetAddress address, int port, SmtpClientSettings settings, boolean verifyCertificate) {

    public SmtpDestination {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(settings, "settings");
    }

    /** The same server in plaintext, for the retry after a failed opportunistic handshake. */
    SmtpDestination withoutTls() {
        return new SmtpDestination(hostName, address, port, settings.withTlsMode(TlsMode.NONE), verifyCertificate);
    }
}
