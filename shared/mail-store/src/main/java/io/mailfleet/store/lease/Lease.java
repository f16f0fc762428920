package io.mailfleet.store.lease;

import java.util.Objects;
import java.util.UUID;

/**
 * A held maildrop lease: the account it locks and the holder that took it. The holder is drawn at
 * random by {@link MaildropLeases#acquire}, once per acquisition, so two sessions of one account, on
 * one instance or on two, never share it.
 */
public record Lease(String account, UUID holder) {

    public Lease {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(holder, "holder");
    }
}
