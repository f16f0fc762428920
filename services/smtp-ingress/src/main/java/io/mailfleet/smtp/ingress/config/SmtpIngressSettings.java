package io.mailfleet.smtp.ingress.config;

import io.mailfleet.server.ProtocolServerConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code mailfleet.smtp.*}, also settable as {@code MAILFLEET_SMTP_*} environment variables; the
 * listener, TLS, connection-limit and login settings are those of every protocol service.
 */
@ConfigMapping(prefix = "mailfleet.smtp")
public interface SmtpIngressSettings extends ProtocolServerConfig {

    /** Port of the MX listener (25 in production), mail for our domains, no AUTH. */
    @WithDefault("2525")
    int mxPort();

    /** Port of the submission listener (587), STARTTLS and AUTH required. */
    @WithDefault("2587")
    int submissionPort();

    /** Port of the submissions listener (465), implicit TLS (RFC 8314). */
    @WithDefault("2465")
    int submissionsPort();

    @WithDefault("52428800")
    long maxMessageSize();

    @WithDefault("100")
    int maxRecipients();

    /**
     * The mailbox a bare {@code RCPT TO:<postmaster>} reaches, which RFC 5321 §4.5.1 requires every
     * server to accept: an account or an alias of a hosted domain, e.g. {@code postmaster@} the
     * primary domain. Unset, it is {@code postmaster@} the host name, which then must be hosted.
     */
    Optional<String> postmaster();

    /**
     * How long a hosted domain or a known recipient is taken as such without asking Cassandra again;
     * 0 asks every time. Unknown ones are always asked, so new accounts receive mail at once.
     */
    @WithDefault("30s")
    Duration recipientCacheTtl();
}
