package io.mailfleet.smtp.ingress.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code mailfleet.smtp.*}, also settable as {@code MAILFLEET_SMTP_*} environment variables. */
@ConfigMapping(prefix = "mailfleet.smtp")
public interface SmtpIngressSettings {

    /** The name this server gives in its greeting, EHLO reply and Received fields. */
    @WithDefault("localhost")
    String hostName();

    @WithDefault("0.0.0.0")
    String bindAddress();

    /** Port of the MX listener (25 in production), mail for our domains, no AUTH. */
    @WithDefault("2525")
    int mxPort();

    /** Port of the submission listener (587), STARTTLS and AUTH required. */
    @WithDefault("2587")
    int submissionPort();

    /** Port of the submissions listener (465), implicit TLS (RFC 8314). */
    @WithDefault("2465")
    int submissionsPort();

    /** PEM certificate chain and private key for STARTTLS and implicit TLS; without them no TLS is offered. */
    Optional<String> tlsCertificate();

    Optional<String> tlsKey();

    /** Allows AUTH before TLS; for tests and trusted networks only. */
    @WithDefault("false")
    boolean allowPlaintextAuth();

    @WithDefault("52428800")
    long maxMessageSize();

    @WithDefault("100")
    int maxRecipients();

    @WithDefault("1000")
    int maxConnections();

    @WithDefault("20")
    int maxConnectionsPerIp();

    /** New connections one address may open per minute. */
    @WithDefault("120")
    int maxConnectionRatePerIp();

    /** How long in-flight transactions may take to finish at shutdown before the rest get 421. */
    @WithDefault("20s")
    Duration shutdownGrace();

    /** Password checks run at once; each holds its Argon2 memory (about 19 MiB). */
    @WithDefault("4")
    int maxConcurrentLogins();
}
