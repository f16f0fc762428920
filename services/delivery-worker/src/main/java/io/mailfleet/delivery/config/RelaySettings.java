package io.mailfleet.delivery.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code mailfleet.relay.*}: how remote recipients are reached. */
@ConfigMapping(prefix = "mailfleet.relay")
public interface RelaySettings {

    /**
     * Whether this instance relays. One image serves both roles: a deployment can run relaying
     * instances apart from local delivery, e.g. to give only them egress to port 25.
     */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("mail-relay")
    String consumerGroup();

    /** Concurrent outbound deliveries per instance. */
    @WithDefault("8")
    int consumers();

    /** The port of remote MX hosts; 25 everywhere but in tests. */
    @WithDefault("25")
    int port();

    /** DNS servers as {@code host} or {@code host:port}; the system's resolvers when empty. */
    Optional<List<String>> dnsServers();

    @WithDefault("5s")
    Duration dnsTimeout();

    @WithDefault("30s")
    Duration connectTimeout();

    /** How many addresses of a destination's hosts one attempt tries before it gives up for now. */
    @WithDefault("5")
    int maxAddressesPerAttempt();

    /** Use IPv6 addresses of MX hosts too. */
    @WithDefault("true")
    boolean ipv6();

    SmartHost smartHost();

    /** Relay everything through one host instead of MX lookups, e.g. a provider's submission server. */
    interface SmartHost {
        /** {@code host:port}; unset for direct delivery. */
        Optional<String> address();

        Optional<String> username();

        Optional<String> password();

        /** Require STARTTLS and a certificate that names the host and chains to a trusted root. */
        @WithDefault("true")
        boolean requireTls();

        /** PEM certificates to trust for the smart host instead of the JDK's roots, e.g. a private CA. */
        Optional<java.nio.file.Path> trustedCertificates();
    }
}
