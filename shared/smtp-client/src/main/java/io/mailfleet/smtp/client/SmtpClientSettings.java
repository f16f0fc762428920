package io.mailfleet.smtp.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the client conducts a session.
 *
 * @param heloName our name in EHLO and HELO: a domain, or an address literal such as {@code [192.0.2.1]}
 * @param tlsMode whether to use STARTTLS
 * @param credentials AUTH credentials, for a smart host that wants them
 * @param authWithoutTls whether the credentials may be sent on a connection without TLS; RFC 4954
 *     §4 leaves it to policy, and ours is no unless said otherwise
 * @param timeouts how long each stage may take
 */
public record SmtpClientSettings(
        String heloName,
        TlsMode tlsMode,
        Optional<Credentials> credentials,
        boolean authWithoutTls,
        StageTimeouts timeouts) {

    public SmtpClientSettings {
        Objects.requireNonNull(heloName, "heloName");
        if (!heloName.matches("[A-Za-z0-9.-]{1,255}|\\[[!-Z^-~]{1,253}\\]")) {
            throw new IllegalArgumentException("heloName must be an ASCII domain or an address literal: " + heloName);
        }
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /** Opportunistic TLS, no AUTH, the timeouts of RFC 5321: what delivery to an MX host wants. */
    public static SmtpClientSettings defaults(String heloName) {
        return new SmtpClientSettings(heloName, TlsMode.OPPORTUNISTIC, Optional.empty(), false, StageTimeouts.defaults());
    }

    public SmtpClientSettings withTlsMode(TlsMode mode) {
        return new SmtpClientSettings(heloName, mode, credentials, authWithoutTls, timeouts);
    }

    public SmtpClientSettings withCredentials(Credentials given) {
        return new SmtpClientSettings(heloName, tlsMode, Optional.of(given), authWithoutTls, timeouts);
    }

    public SmtpClientSettings withAuthWithoutTls(boolean allowed) {
        return new SmtpClientSettings(heloName, tlsMode, credentials, allowed, timeouts);
    }

    public SmtpClientSettings withTimeout(Stage stage, Duration duration) {
        return new SmtpClientSettings(heloName, tlsMode, credentials, authWithoutTls, timeouts.with(stage, duration));
    }
}
