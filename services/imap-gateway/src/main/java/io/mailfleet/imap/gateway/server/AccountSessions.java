package io.mailfleet.imap.gateway.server;

import io.mailfleet.imap.gateway.config.ImapGatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many sessions each account has open on this instance, bounded by
 * {@link ImapGatewaySettings#maxConnectionsPerAccount()}: a client that opens connection after
 * connection for one account cannot take the instance's connections from everyone else.
 */
@ApplicationScoped
public class AccountSessions {

    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private final int limit;

    public AccountSessions(ImapGatewaySettings settings) {
        this.limit = settings.maxConnectionsPerAccount();
    }

    /** Takes a slot for the account; false when it has {@code limit} sessions already. */
    public boolean tryOpen(String account) {
        boolean[] taken = {false};
        open.compute(account, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= limit) {
                return now;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    public void close(String account) {
        open.computeIfPresent(account, (key, count) -> count <= 1 ? null : count - 1);
    }
}
