package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.session.Capabilities;

import java.util.List;
import java.util.Set;

/**
 * The extensions the gateway advertises once a client is logged in: every one the core parses except
 * those the gateway does not carry out in full, since a client that sees a capability relies on it.
 */
public final class Extensions {

    /** Withheld: none now; an extension the core parses before the gateway carries it out goes here. */
    static final Set<String> WITHHELD = Set.of();

    /** In the order the core lists them. */
    public static final List<String> ADVERTISED = Capabilities.EXTENSIONS.stream()
            .filter(extension -> !WITHHELD.contains(extension))
            .toList();

    private Extensions() {
    }
}
