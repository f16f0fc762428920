package io.mailfleet.imap.gateway.config;

import io.mailfleet.server.ProtocolServerConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * {@code mailfleet.imap.*}, also settable as {@code MAILFLEET_IMAP_*} environment variables; the
 * listener, TLS, connection-limit and login settings are those of every protocol service.
 */
@ConfigMapping(prefix = "mailfleet.imap")
public interface ImapGatewaySettings extends ProtocolServerConfig {

    /** IMAP with STARTTLS (143 in production). */
    @WithDefault("1143")
    int port();

    /** IMAP over implicit TLS (993 in production), RFC 8314. */
    @WithDefault("1993")
    int tlsPort();

    /** Inactivity before the server logs a client out; RFC 9051 §5.4 asks for at least 30 minutes. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** The longest any one command's store work may take before the client is told NO and disconnected. */
    @WithDefault("2m")
    Duration commandTimeout();

    /** The largest message APPEND takes: the literal limit, answered {@code NO [TOOBIG]}. */
    @WithDefault("52428800")
    long maxMessageSize();

    /** Sessions one account may have open on this instance at once. */
    @WithDefault("20")
    int maxConnectionsPerAccount();

    /** BAD responses a connection may earn before it is closed. */
    @WithDefault("10")
    int maxBadCommands();

    /** Octets a client may pipeline ahead while a command is being carried out. */
    @WithDefault("1048576")
    int maxPipelinedInput();

    /**
     * How often an IDLE session rereads its mailbox's changes while {@code mailbox.events} cannot be
     * read (Kafka down or not yet reached).
     */
    @WithDefault("2s")
    Duration idlePollInterval();

    /** How often an IDLE session rereads its mailbox's changes even when events arrive: covers a lost one. */
    @WithDefault("30s")
    Duration idleResyncInterval();
}
