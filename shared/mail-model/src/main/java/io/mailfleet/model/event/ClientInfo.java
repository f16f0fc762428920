package io.mailfleet.model.event;

import java.util.Objects;
import java.util.Optional;

/**
 * What the SMTP server knew about the client when it accepted a message: needed for the Received
 * header, spam scoring and abuse reports.
 *
 * @param remoteIp the client's IP address as text
 * @param heloName the HELO/EHLO argument as sent; unverified, so never trusted for policy
 * @param tls the TLS session, empty for plaintext
 * @param authenticatedUser the SASL identity, empty for unauthenticated sessions
 * @param listener the listener that accepted the connection
 */
public record ClientInfo(
        String remoteIp,
        String heloName,
        Optional<TlsInfo> tls,
        Optional<String> authenticatedUser,
        Listener listener) {

    public ClientInfo {
        EventChecks.requireNonBlank(remoteIp, "remoteIp");
        EventChecks.requireNonBlank(heloName, "heloName");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(authenticatedUser, "authenticatedUser")
                .ifPresent(user -> EventChecks.requireNonBlank(user, "authenticatedUser"));
        Objects.requireNonNull(listener, "listener");
    }
}
