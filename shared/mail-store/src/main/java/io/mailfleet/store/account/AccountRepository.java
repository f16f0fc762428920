package io.mailfleet.store.account;

import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** Accounts, unique by case-insensitive address even with concurrent creators. */
public interface AccountRepository {

    /** False when an account with this address exists already. */
    boolean create(Account account);

    Optional<Account> find(MailAddress address);

    /**
     * {@link #find} as a future, for a caller that reads the account while it waits for something else (APPEND
     * reads its quota while it looks up the target). An implementation whose reads block answers at once.
     */
    default CompletableFuture<Optional<Account>> findAsync(MailAddress address) {
        return CompletableFuture.completedFuture(find(address));
    }

    /** Up to {@code limit} accounts of the domain in key order, starting after {@code afterKey} when given. */
    List<Account> listByDomain(Domain domain, Optional<String> afterKey, int limit);

    boolean hasAccounts(Domain domain);

    /** False when there was no such account. */
    boolean delete(MailAddress address);

    boolean changePasswordHash(MailAddress address, String passwordHash);

    /**
     * Replaces the hash only if it is still {@code expectedHash}: an upgrade of a hash after login
     * must not undo a password change made in the meantime. False when it was not replaced.
     */
    boolean replacePasswordHash(MailAddress address, String expectedHash, String passwordHash);

    boolean setQuota(MailAddress address, OptionalLong quotaBytes);
}
