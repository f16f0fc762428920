package io.mailfleet.auth;

import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.account.AccountRepository;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Accounts in a map, with switches that make the store fail like an unreachable Cassandra would. */
final class InMemoryAccountRepository implements AccountRepository {

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final AtomicInteger passwordChanges = new AtomicInteger();
    volatile boolean findUnavailable;
    volatile boolean changeUnavailable;
    /** Runs after each find returns, as a concurrent writer (an admin changing the password) would. */
    volatile Runnable afterFind = () -> { };

    void add(String address, String passwordHash) {
        create(new Account(MailAddress.parse(address, true), passwordHash, OptionalLong.empty(), Instant.EPOCH));
    }

    String passwordHashOf(String address) {
        return accounts.get(MailAddress.parse(address, true).lookupKey()).passwordHash();
    }

    int passwordChanges() {
        return passwordChanges.get();
    }

    @Override
    public boolean create(Account account) {
        return accounts.putIfAbsent(account.key(), account) == null;
    }

    @Override
    public Optional<Account> find(MailAddress address) {
        if (findUnavailable) {
            throw new StoreUnavailableException("Cassandra did not answer");
        }
        Optional<Account> found = Optional.ofNullable(accounts.get(address.lookupKey()));
        afterFind.run();
        return found;
    }

    @Override
    public List<Account> listByDomain(Domain domain, Optional<String> afterKey, int limit) {
        return accounts.values().stream()
                .filter(a -> a.domain().equals(domain.ascii()))
                .filter(a -> afterKey.map(after -> a.key().compareTo(after) > 0).orElse(true))
                .sorted((a, b) -> a.key().compareTo(b.key()))
                .limit(limit)
                .toList();
    }

    @Override
    public boolean hasAccounts(Domain domain) {
        return accounts.values().stream().anyMatch(a -> a.domain().equals(domain.ascii()));
    }

    @Override
    public boolean delete(MailAddress address) {
        return accounts.remove(address.lookupKey()) != null;
    }

    @Override
    public boolean changePasswordHash(MailAddress address, String passwordHash) {
        if (changeUnavailable) {
            throw new StoreUnavailableException("Cassandra did not answer");
        }
        passwordChanges.incrementAndGet();
        return accounts.computeIfPresent(address.lookupKey(),
                (key, a) -> new Account(a.address(), passwordHash, a.quotaBytes(), a.createdAt())) != null;
    }

    @Override
    public boolean replacePasswordHash(MailAddress address, String expectedHash, String passwordHash) {
        if (changeUnavailable) {
            throw new StoreUnavailableException("Cassandra did not answer");
        }
        passwordChanges.incrementAndGet();
        boolean[] replaced = {false};
        accounts.computeIfPresent(address.lookupKey(), (key, a) -> {
            if (!a.passwordHash().equals(expectedHash)) {
                return a;
            }
            replaced[0] = true;
            return new Account(a.address(), passwordHash, a.quotaBytes(), a.createdAt());
        });
        return replaced[0];
    }

    @Override
    public boolean setQuota(MailAddress address, OptionalLong quotaBytes) {
        return accounts.computeIfPresent(address.lookupKey(),
                (key, a) -> new Account(a.address(), a.passwordHash(), quotaBytes, a.createdAt())) != null;
    }
}
