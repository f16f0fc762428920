package io.mailfleet.server;

import java.util.Objects;

/**
 * One port a protocol listens on.
 *
 * @param name        the listener's name in metrics and logs ({@code mx}, {@code submission}, {@code pop3s})
 * @param port        0 for any free port
 * @param implicitTls TLS from the first byte (RFC 8314); otherwise plain, with STARTTLS when a certificate is configured
 */
public record ListenerSpec(String name, int port, boolean implicitTls) {
    public ListenerSpec {
        Objects.requireNonNull(name, "name");
    }
}
