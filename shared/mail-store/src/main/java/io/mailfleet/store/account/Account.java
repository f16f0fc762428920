package io.mailfleet.store.account;

import io.mailfleet.model.address.MailAddress;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A mail account.
 *
 * @param passwordHash the encoded slow salted hash (the encoder's own format); never a password
 * @param quotaBytes   the storage quota, or empty for none
 */
public record Account(MailAddress address, String passwordHash, OptionalLong quotaBytes, Instant createdAt) {

    public Account {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(quotaBytes, "quotaBytes");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The case-insensitive key accounts are stored and found under. */
    public String key() {
        return address.lookupKey();
    }

    public String domain() {
        return address.host().ascii();
    }

    @Override
    public String toString() {
        return "Account[" + address + ", quota=" + quotaBytes + "]";
    }
}
