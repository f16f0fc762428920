package io.mailfleet.imap.gateway.idle;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Wakes the IDLE sessions of an account when its mailboxes may have changed. A wake-up is only a hint:
 * the session then reads what changed since its last MODSEQ from the store, so a lost or late wake-up
 * delays a notification and never makes one wrong.
 */
public interface AccountWakeups {

    /**
     * Calls {@code wake} (from any thread) whenever the account's mailboxes may have changed, until the
     * returned handle is closed: with the change's hint when an event told of it, empty when nothing
     * says what changed (a timer's resync).
     *
     * @param account the account's lookup key, as sessions log in with it
     */
    AutoCloseable watch(String account, Consumer<Optional<ChangeHint>> wake);
}
