package io.mailfleet.server;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings every protocol service shares, under its own prefix: a service's
 * {@code @ConfigMapping} interface extends this one, so {@code MAILFLEET_SMTP_MAX_CONNECTIONS} and
 * {@code MAILFLEET_POP3_MAX_CONNECTIONS} mean the same thing for each.
 */
public interface ProtocolServerConfig {

    /** The name this server gives in its greetings (and, for SMTP, in Received fields). */
    @WithDefault("localhost")
    String hostName();

    @WithDefault("0.0.0.0")
    String bindAddress();

    /** PEM certificate chain and private key for STARTTLS and implicit TLS; without them no TLS is offered. */
    Optional<String> tlsCertificate();

    Optional<String> tlsKey();

    /** How often the certificate files are checked; a renewed certificate is used without a restart. */
    @WithDefault("1m")
    Duration tlsReloadInterval();

    /**
     * How long a client may take over its TLS handshake, on an implicit-TLS listener or after STARTTLS;
     * then the connection is closed, so a handshake trickled a byte at a time holds a slot no longer.
     */
    @WithDefault("10s")
    Duration tlsHandshakeTimeout();

    /** Allows logins before TLS; for tests and trusted networks only. */
    @WithDefault("false")
    boolean allowPlaintextAuth();

    @WithDefault("1000")
    int maxConnections();

    @WithDefault("20")
    int maxConnectionsPerIp();

    /** New connections one address may open per minute. */
    @WithDefault("120")
    int maxConnectionRatePerIp();

    /** How long sessions in progress may take to finish at shutdown before the rest are told to leave. */
    @WithDefault("20s")
    Duration shutdownGrace();

    /**
     * Password checks run at once; each holds its Argon2 memory (about 19 MiB). Unset, one per core:
     * a check keeps a core busy throughout, so more at once would only hold more memory for the
     * garbage collector to copy, not finish sooner.
     */
    OptionalInt maxConcurrentLogins();

    /**
     * Remembers passwords verified in the last {@link #credentialCacheTtl} (as a keyed hash, per
     * instance), so reconnecting clients skip the slow hash; off, every login pays it.
     */
    @WithDefault("true")
    boolean credentialCache();

    @WithDefault("5m")
    Duration credentialCacheTtl();

    /**
     * Load balancers (addresses or CIDR ranges) that put a PROXY protocol v1 or v2 header before each
     * connection; when set, every listener requires the header and refuses connections from anyone else.
     */
    Optional<List<String>> proxyProtocolTrusted();

    /** The runtime's view of these settings. */
    default ServerSettings serverSettings() {
        return new ServerSettings(bindAddress(),
                tlsCertificate().flatMap(certificate -> tlsKey().map(key -> new ServerSettings.TlsFiles(certificate, key))),
                tlsReloadInterval(), tlsHandshakeTimeout(), maxConnections(), maxConnectionsPerIp(), maxConnectionRatePerIp(),
                shutdownGrace(), proxyProtocolTrusted().orElse(List.of()));
    }
}
