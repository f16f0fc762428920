package io.mailfleet.pop3.gateway;

import io.mailfleet.testing.quarkus.PrivateServersProfile;

/** pop3-gateway on servers of its own, for tests that freeze, stop or restart one. */
public final class PrivateServers extends PrivateServersProfile {

    public PrivateServers() {
        super("mailfleet.pop3");
    }
}
