package io.mailfleet.pop3.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code mailfleet.pop3.*}, also settable as {@code MAILFLEET_POP3_*} environment variables. */
@ConfigMapping(prefix = "mailfleet.pop3")
public interface Pop3GatewaySettings {

    /** The name in the greeting. */
    @WithDefault("localhost")
    String hostName();

    @WithDefault("0.0.0.0")
    String bindAddress();

    /** POP3 with STLS (110 in production). */
    @WithDefault("1110")
    int port();

    /** POP3 over implicit TLS (995 in production), RFC 8314. */
    @WithDefault("1995")
    int tlsPort();

    /** PEM certificate chain and private key; without them neither STLS nor the TLS port is offered. */
    Optional<String> tlsCertificate();

    Optional<String> tlsKey();

    /** Allows USER/PASS and AUTH before TLS; for tests and trusted networks only (RFC 2595 §2.3). */
    @WithDefault("false")
    boolean allowPlaintextAuth();

    /** How long a session may wait for the client; RFC 1939 §3 asks for at least 10 minutes. */
    @WithDefault("10m")
    Duration idleTimeout();

    /** How long a maildrop lock outlives a gateway that died holding it; renewed while the session lives. */
    @WithDefault("2m")
    Duration lockTtl();

    @WithDefault("1000")
    int maxConnections();

    @WithDefault("20")
    int maxConnectionsPerIp();

    /** New connections one address may open per minute. */
    @WithDefault("120")
    int maxConnectionRatePerIp();

    /** Password checks run at once; each holds its Argon2 memory (about 19 MiB). */
    @WithDefault("4")
    int maxConcurrentLogins();

    /** How long sessions in progress may take to finish at shutdown before the rest are closed. */
    @WithDefault("20s")
    Duration shutdownGrace();
}
