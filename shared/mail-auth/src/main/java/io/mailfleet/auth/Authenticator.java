package io.mailfleet.auth;

import io.mailfleet.model.address.InvalidAddressException;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.account.AccountRepository;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where SMTP AUTH, POP3 and IMAP log users in. Thread-safe; blocking (it reads the
 * account store and spends tens of milliseconds hashing), so call it off the event loop.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final String unknownUserHash;
    private final Optional<CredentialCache> recentlyVerified;

    public Authenticator(AccountRepository accounts, PasswordHasher hasher, ThrottlePolicy policy, Clock clock) {
        this(accounts, hasher, policy, clock, Optional.empty());
    }

    /** With a cache of recently verified passwords, which spares a reconnecting client the slow hash. */
    public Authenticator(AccountRepository accounts, PasswordHasher hasher, ThrottlePolicy policy, Clock clock,
                         Optional<CredentialCache> recentlyVerified) {
        this(accounts, hasher, policy, clock, recentlyVerified, Optional.empty());
    }

    /** With failed logins counted across instances as well ({@link SharedLoginFailures}). */
    public Authenticator(AccountRepository accounts, PasswordHasher hasher, ThrottlePolicy policy, Clock clock,
                         Optional<CredentialCache> recentlyVerified, Optional<SharedLoginFailures> sharedFailures) {
        this.recentlyVerified = Objects.requireNonNull(recentlyVerified, "recentlyVerified");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.throttle = new LoginThrottle(Objects.requireNonNull(policy, "policy"), clock, sharedFailures);
        // Checked when the user does not exist, so that costs as long as a real check; its password is unguessable.
        this.unknownUserHash = hasher.hash(randomPassword());
    }

    /**
     * Checks a login.
     *
     * @param username      the full address, e.g. {@code user@example.com}; UTF-8 addresses allowed
     * @param password      as the client sent it, decoded as UTF-8 and not normalised
     * @param clientAddress the client's IP address, for the per-client throttle
     */
    public AuthResult authenticate(String username, String password, InetAddress clientAddress) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Optional<MailAddress> address = parse(username);
        Optional<String> userKey = address.map(MailAddress::lookupKey);
        Optional<Duration> wait = throttle.admit(userKey, clientAddress);
        if (wait.isPresent()) {
            return AuthResult.Failure.throttled(wait.get());
        }
        Optional<Account> account;
        boolean settled = false;
        try {
            account = check(address, password);
            if (account.isPresent()) {
                throttle.succeeded(userKey, clientAddress);
            } else {
                throttle.failed(userKey, clientAddress);
            }
            settled = true;
        } catch (StoreUnavailableException e) {
            return new AuthResult.Unavailable(e);
        } finally {
            // Whatever went wrong, the attempt must not stay counted as in progress.
            if (!settled) {
                throttle.abandoned(userKey, clientAddress);
            }
        }
        if (account.isEmpty()) {
            return AuthResult.Failure.badCredentials();
        }
        upgradeHash(account.get(), password);
        return new AuthResult.Success(account.get());
    }

    /** The account when the password matches it. */
    private Optional<Account> check(Optional<MailAddress> address, String password) {
        Optional<Account> account = address.isPresent() ? accounts.find(address.get()) : Optional.empty();
        if (account.isPresent() && recentlyVerified.isPresent()
                && recentlyVerified.get().verifiedBefore(account.get().key(), account.get().passwordHash(), password)) {
            return account;
        }
        String hash = account.map(Account::passwordHash).orElse(unknownUserHash);
        boolean matches = hasher.verify(password, hash);
        if (matches && account.isPresent()) {
            recentlyVerified.ifPresent(cache -> cache.remember(account.get().key(), hash, password));
        }
        return matches ? account : Optional.empty();
    }

    /**
     * Best effort: the login stands even if the new hash cannot be stored; the next login tries again.
     * The new hash replaces only the one we verified, so a password change made meanwhile stands.
     */
    private void upgradeHash(Account account, String password) {
        if (!hasher.needsRehash(account.passwordHash())) {
            return;
        }
        try {
            accounts.replacePasswordHash(account.address(), account.passwordHash(), hasher.hash(password));
        } catch (RuntimeException e) {
            LOG.warn("Could not store the upgraded password hash of {}: {}", account.address(), e.toString());
        }
    }

    private static Optional<MailAddress> parse(String username) {
        try {
            return Optional.of(MailAddress.parse(username, true));
        } catch (InvalidAddressException e) {
            return Optional.empty();
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
