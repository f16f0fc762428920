package io.mailfleet.delivery.local;

import io.mailfleet.model.address.MailAddress;

import java.util.List;

/**
 * Where mail for one envelope recipient goes once aliases are followed.
 *
 * @param accounts local accounts to deliver into, each once
 * @param remote   addresses outside our domains that aliases lead to, for the relay
 * @param problem  why nothing deliverable was found, when both lists are empty
 */
public record Expansion(List<MailAddress> accounts, List<MailAddress> remote, Problem problem) {

    public enum Problem {
        NONE,
        /** No account, alias or catch-all takes the address: 5.1.1. */
        UNKNOWN_USER,
        /** Aliases lead only back to themselves, or further than allowed: 5.4.6. */
        ALIAS_LOOP
    }

    public Expansion {
        accounts = List.copyOf(accounts);
        remote = List.copyOf(remote);
    }

    public boolean deliverable() {
        return !accounts.isEmpty() || !remote.isEmpty();
    }
}
