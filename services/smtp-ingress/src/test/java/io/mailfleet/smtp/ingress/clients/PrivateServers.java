package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.testing.quarkus.PrivateServersProfile;

/** smtp-ingress on servers of its own, for tests that freeze, stop or restart one. */
public final class PrivateServers extends PrivateServersProfile {

    public PrivateServers() {
        super("mailfleet.smtp");
    }
}
