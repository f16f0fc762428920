package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.account.AccountRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** Accounts by lookup key, with a per-domain index written before the account row claims the key. */
public final class CassandraAccountRepository implements AccountRepository {

    private static final String COLUMNS = "lookup_key, address, domain, password_hash, quota_bytes, created_at";

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement insertByDomain;
    private final PreparedStatement select;
    private final PreparedStatement selectKeysByDomain;
    private final PreparedStatement selectKeysByDomainAfter;
    private final PreparedStatement delete;
    private final PreparedStatement deleteByDomain;
    private final PreparedStatement updatePassword;
    private final PreparedStatement replacePassword;
    private final PreparedStatement updateQuota;

    public CassandraAccountRepository(CqlSession session) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO accounts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        this.insertByDomain = session.prepare("INSERT INTO accounts_by_domain (domain, lookup_key) VALUES (?, ?)");
        this.select = session.prepare("SELECT " + COLUMNS + " FROM accounts WHERE lookup_key = ?");
        this.selectKeysByDomain = session.prepare("SELECT lookup_key FROM accounts_by_domain WHERE domain = ? LIMIT ?");
        this.selectKeysByDomainAfter = session.prepare(
                "SELECT lookup_key FROM accounts_by_domain WHERE domain = ? AND lookup_key > ? LIMIT ?");
        this.delete = session.prepare("DELETE FROM accounts WHERE lookup_key = ? IF EXISTS");
        this.deleteByDomain = session.prepare("DELETE FROM accounts_by_domain WHERE domain = ? AND lookup_key = ?");
        this.updatePassword = session.prepare("UPDATE accounts SET password_hash = ? WHERE lookup_key = ? IF EXISTS");
        this.replacePassword = session.prepare("UPDATE accounts SET password_hash = ? WHERE lookup_key = ? IF password_hash = ?");
        this.updateQuota = session.prepare("UPDATE accounts SET quota_bytes = ? WHERE lookup_key = ? IF EXISTS");
    }

    @Override
    public boolean create(Account account) {
        Cql.run("create account", () -> session.execute(insertByDomain.bind(account.domain(), account.key())));
        return Cql.call("create account", () -> session.execute(insert.bind(account.key(), account.address().toString(),
                account.domain(), account.passwordHash(), quota(account.quotaBytes()), account.createdAt())).wasApplied());
    }

    @Override
    public Optional<Account> find(MailAddress address) {
        return find(address.lookupKey());
    }

    @Override
    public CompletableFuture<Optional<Account>> findAsync(MailAddress address) {
        return Cql.call("read account", () -> session.executeAsync(select.bind(address.lookupKey())).toCompletableFuture())
                .handle((rows, failure) -> {
                    if (failure != null) {
                        throw Cql.failure("read account", failure);
                    }
                    return Optional.ofNullable(rows.one()).map(CassandraAccountRepository::account);
                });
    }

    private Optional<Account> find(String key) {
        Row row = Cql.call("read account", () -> session.execute(select.bind(key)).one());
        return Optional.ofNullable(row).map(CassandraAccountRepository::account);
    }

    /** The index may name a key whose account row a failed create never wrote: such keys are skipped. */
    @Override
    public List<Account> listByDomain(Domain domain, Optional<String> afterKey, int limit) {
        return Cql.call("list accounts", () -> {
            List<Account> accounts = new ArrayList<>();
            Optional<String> after = afterKey;
            while (accounts.size() < limit) {
                List<String> keys = keys(domain, after, limit - accounts.size());
                if (keys.isEmpty()) {
                    break;
                }
                keys.stream().map(this::find).flatMap(Optional::stream).forEach(accounts::add);
                after = Optional.of(keys.get(keys.size() - 1));
            }
            return accounts;
        });
    }

    @Override
    public boolean hasAccounts(Domain domain) {
        return !listByDomain(domain, Optional.empty(), 1).isEmpty();
    }

    private List<String> keys(Domain domain, Optional<String> after, int limit) {
        var statement = after.isPresent()
                ? selectKeysByDomainAfter.bind(domain.ascii(), after.get(), limit)
                : selectKeysByDomain.bind(domain.ascii(), limit);
        List<String> keys = new ArrayList<>();
        for (Row row : session.execute(statement)) {
            keys.add(row.getString("lookup_key"));
        }
        return keys;
    }

    @Override
    public boolean delete(MailAddress address) {
        String key = address.lookupKey();
        boolean deleted = Cql.call("delete account", () -> session.execute(delete.bind(key)).wasApplied());
        Cql.run("delete account", () -> session.execute(deleteByDomain.bind(address.host().ascii(), key)));
        return deleted;
    }

    @Override
    public boolean changePasswordHash(MailAddress address, String passwordHash) {
        return Cql.call("change password", () -> session.execute(updatePassword.bind(passwordHash, address.lookupKey())).wasApplied());
    }

    @Override
    public boolean replacePasswordHash(MailAddress address, String expectedHash, String passwordHash) {
        return Cql.call("replace password hash", () -> session.execute(
                replacePassword.bind(passwordHash, address.lookupKey(), expectedHash)).wasApplied());
    }

    @Override
    public boolean setQuota(MailAddress address, OptionalLong quotaBytes) {
        return Cql.call("set quota", () -> session.execute(updateQuota.bind(quota(quotaBytes), address.lookupKey())).wasApplied());
    }

    private static Long quota(OptionalLong quotaBytes) {
        return quotaBytes.isPresent() ? quotaBytes.getAsLong() : null;
    }

    private static Account account(Row row) {
        OptionalLong quota = row.isNull("quota_bytes") ? OptionalLong.empty() : OptionalLong.of(row.getLong("quota_bytes"));
        return new Account(MailAddress.parse(row.getString("address"), true), row.getString("password_hash"), quota,
                row.getInstant("created_at"));
    }
}
