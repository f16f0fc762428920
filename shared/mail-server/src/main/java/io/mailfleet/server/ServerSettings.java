package io.mailfleet.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a protocol service's listeners behave; every protocol service reads it from the same keys
 * under its own prefix ({@link ProtocolServerConfig}).
 *
 * @param bindAddress       the local address every listener binds
 * @param tls               PEM certificate chain and key; without them no TLS is offered
 * @param tlsReloadInterval how often the certificate files are checked for a renewal
 * @param tlsHandshakeTimeout how long a client may take over its TLS handshake, implicit or after
 *                          STARTTLS, before the connection is closed
 * @param maxConnections    connections open at once, in total
 * @param maxPerAddress     connections open at once from one client address
 * @param maxRatePerAddress new connections one client address may open per minute
 * @param shutdownGrace     how long open sessions may go on at shutdown before they are told to leave
 * @param trustedProxies    load balancers (addresses or CIDR ranges) whose PROXY protocol header names
 *                          the real client; when not empty every connection must begin with one
 */
public record ServerSettings(String bindAddress, Optional<TlsFiles> tls, Duration tlsReloadInterval,
                             Duration tlsHandshakeTimeout, int maxConnections, int maxPerAddress, int maxRatePerAddress,
                             Duration shutdownGrace, List<String> trustedProxies) {

    public ServerSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(tlsReloadInterval, "tlsReloadInterval");
        Objects.requireNonNull(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        if (tlsHandshakeTimeout.isNegative() || tlsHandshakeTimeout.isZero()) {
            throw new IllegalArgumentException("tlsHandshakeTimeout must be positive: " + tlsHandshakeTimeout);
        }
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** The PEM files of the server's certificate chain and private key. */
    public record TlsFiles(String certificate, String key) {
        public TlsFiles {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
        }
    }
}
