package io.mailfleet.pop3.gateway.config;

import io.mailfleet.server.ProtocolServerConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * {@code mailfleet.pop3.*}, also settable as {@code MAILFLEET_POP3_*} environment variables; the
 * listener, TLS, connection-limit and login settings are those of every protocol service.
 */
@ConfigMapping(prefix = "mailfleet.pop3")
public interface Pop3GatewaySettings extends ProtocolServerConfig {

    /** POP3 with STLS (110 in production). */
    @WithDefault("1110")
    int port();

    /** POP3 over implicit TLS (995 in production), RFC 8314. */
    @WithDefault("1995")
    int tlsPort();

    /** How long a session may wait for the client; RFC 1939 §3 asks for at least 10 minutes. */
    @WithDefault("10m")
    Duration idleTimeout();

    /**
     * The pause before the answer to a session's first rejected credentials; the n-th rejection waits n
     * times as long (2, 4 and 6 s by default), which slows guessing on one connection.
     */
    @WithDefault("2s")
    Duration failedLoginDelay();

    /** How long a maildrop lock outlives a gateway that died holding it; renewed while the session lives. */
    @WithDefault("2m")
    Duration lockTtl();

    /**
     * Octets of small message bodies (up to 64 KiB each) kept in memory after a read, so that reading a
     * message again costs no blob store round trip; 0 turns it off. Blobs never change, so it never goes stale.
     */
    @WithDefault("16M")
    MemorySize bodyCacheSize();
}
