package io.mailfleet.model.event;

import java.util.Objects;

/**
 * Published by admin-api when it removes a domain, or creates, changes or removes an account (its
 * quota included) or an alias, and by imap-gateway when a client renames an account's INBOX (the account's
 * INBOX is another mailbox then), to every instance that caches what the directory said (smtp-ingress's
 * recipient policy, delivery's resolver and INBOX lookups), so that they forget it at once rather than
 * when its time to live runs out. Every change is told the same way, as all a cache does with it is
 * forget. A hint like the mailbox events: an instance that misses it keeps the answer until its TTL,
 * and a message accepted for a removed recipient meanwhile bounces at delivery, whose write finds
 * the INBOX gone.
 *
 * @param version the record version, {@link #CURRENT_VERSION} when written by this code
 * @param kind what changed
 * @param name the domain's A-label form, the account's lookup key, or the alias's source key
 *     ({@code @domain} for a catch-all)
 */
public record DirectoryChanged(int version, Kind kind, String name) {

    public static final int CURRENT_VERSION = 1;

    public enum Kind {
        DOMAIN, ACCOUNT, ALIAS
    }

    public DirectoryChanged {
        EventChecks.checkVersion(version);
        Objects.requireNonNull(kind, "kind");
        EventChecks.requireNonBlank(name, "name");
    }

    public static DirectoryChanged changed(Kind kind, String name) {
        return new DirectoryChanged(CURRENT_VERSION, kind, name);
    }
}
