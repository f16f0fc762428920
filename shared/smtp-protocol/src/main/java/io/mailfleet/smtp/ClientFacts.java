package io.mailfleet.smtp;

import io.mailfleet.model.event.TlsInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * What the wiring knows about the connection when it opens it.
 *
 * @param remoteIp the client's IP address as text, e.g. {@code 192.0.2.1} or {@code 2001:db8::1}
 * @param localPort the port the client connected to
 * @param tls the TLS session of an implicit-TLS listener (RFC 8314), empty otherwise
 */
public record ClientFacts(String remoteIp, int localPort, Optional<TlsInfo> tls) {

    public ClientFacts {
        Objects.requireNonNull(remoteIp, "remoteIp");
        if (remoteIp.isBlank()) {
            throw new IllegalArgumentException("remoteIp is blank");
        }
        Objects.requireNonNull(tls, "tls");
    }

    public static ClientFacts plain(String remoteIp, int localPort) {
        return new ClientFacts(remoteIp, localPort, Optional.empty());
    }
}
