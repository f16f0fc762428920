package io.mailfleet.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Passwords verified recently on this instance, so that a client that reconnects all day does not
 * pay a slow hash on every connection. An entry is keyed by the account and an HMAC of the presented
 * password under a key drawn at random when the cache is made: the password itself is never kept,
 * and a copy of the process's memory gives no fast way to test guesses against a stored hash.
 *
 * <p>A hit needs the account's current stored hash to be the one the password was verified against,
 * so a changed password (or a hash upgraded elsewhere) makes every older entry of the account miss.
 * Only successes are remembered: a wrong password always costs the full check.
 */
public final class CredentialCache {

    private final Cache<Key, String> verified;
    private final SecretKeySpec key;

    public CredentialCache(Duration timeToLive, long maxEntries, Ticker ticker) {
        this.verified = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maxEntries).ticker(ticker).build();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public CredentialCache(Duration timeToLive, long maxEntries) {
        this(timeToLive, maxEntries, Ticker.systemTicker());
    }

    /** Whether this password was verified against exactly this stored hash of the account within the time to live. */
    public boolean verifiedBefore(String accountKey, String storedHash, String password) {
        String hashThen = verified.getIfPresent(new Key(accountKey, mac(password)));
        return hashThen != null && MessageDigest.isEqual(hashThen.getBytes(StandardCharsets.UTF_8),
                storedHash.getBytes(StandardCharsets.UTF_8));
    }

    /** Records a successful verification of the password against the account's stored hash. */
    public void remember(String accountKey, String storedHash, String password) {
        verified.put(new Key(accountKey, mac(password)), storedHash);
    }

    private byte[] mac(String password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private record Key(String account, byte[] passwordMac) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && account.equals(that.account) && Arrays.equals(passwordMac, that.passwordMac);
        }

        @Override
        public int hashCode() {
            return Objects.hash(account, Arrays.hashCode(passwordMac));
        }
    }
}
