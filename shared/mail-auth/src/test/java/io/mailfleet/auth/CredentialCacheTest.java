package io.mailfleet.auth;

import io.mailfleet.model.address.MailAddress;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache of recently verified passwords, alone and in the authenticator. */
class CredentialCacheTest {

    private static final String ALICE = "alice@example.com";
    private static final String PASSWORD = "correct horse battery staple";

    private final AtomicLong nanos = new AtomicLong();
    private final CredentialCache cache = new CredentialCache(Duration.ofMinutes(5), 1000, nanos::get);
    private final Argon2idPasswordHasher realHasher = new Argon2idPasswordHasher(Argon2Parameters.TESTING);
    private final CountingHasher hasher = new CountingHasher(realHasher);
    private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
    private final Authenticator authenticator = new Authenticator(accounts, hasher, ThrottlePolicy.DEFAULT,
            new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), Optional.of(cache));
    private final InetAddress client = InetAddress.getLoopbackAddress();

    @Test
    void aRememberedPasswordHitsOnlyForTheSameAccountPasswordAndStoredHash() {
        cache.remember(ALICE, "hash-1", PASSWORD);

        assertThat(cache.verifiedBefore(ALICE, "hash-1", PASSWORD)).isTrue();
        assertThat(cache.verifiedBefore(ALICE, "hash-1", PASSWORD + " ")).isFalse();
        assertThat(cache.verifiedBefore("bob@example.com", "hash-1", PASSWORD)).isFalse();
        assertThat(cache.verifiedBefore(ALICE, "hash-2", PASSWORD)).isFalse();
    }

    @Test
    void anEntryExpiresWithItsTimeToLive() {
        cache.remember(ALICE, "hash-1", PASSWORD);
        nanos.addAndGet(Duration.ofMinutes(5).minusSeconds(1).toNanos());
        assertThat(cache.verifiedBefore(ALICE, "hash-1", PASSWORD)).isTrue();

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(cache.verifiedBefore(ALICE, "hash-1", PASSWORD)).isFalse();
    }

    @Test
    void aSecondLoginWithTheSamePasswordSkipsTheHash() {
        accounts.add(ALICE, realHasher.hash(PASSWORD));

        assertThat(authenticator.authenticate(ALICE, PASSWORD, client)).isInstanceOf(AuthResult.Success.class);
        assertThat(authenticator.authenticate(ALICE, PASSWORD, client)).isInstanceOf(AuthResult.Success.class);

        assertThat(hasher.verifications()).isEqualTo(1);
    }

    @Test
    void failuresAreNeverRememberedAndAlwaysCostTheHash() {
        accounts.add(ALICE, realHasher.hash(PASSWORD));

        authenticator.authenticate(ALICE, "guess", client);
        authenticator.authenticate(ALICE, "guess", client);

        assertThat(hasher.verifications()).isEqualTo(2);
        assertThat(authenticator.authenticate(ALICE, PASSWORD, client)).isInstanceOf(AuthResult.Success.class);
        assertThat(hasher.verifications()).isEqualTo(3);
    }

    @Test
    void aChangedPasswordMakesTheOldOneFailAtOnce() {
        accounts.add(ALICE, realHasher.hash(PASSWORD));
        assertThat(authenticator.authenticate(ALICE, PASSWORD, client)).isInstanceOf(AuthResult.Success.class);

        accounts.changePasswordHash(MailAddress.parse(ALICE), realHasher.hash("a new secret"));

        assertThat(authenticator.authenticate(ALICE, PASSWORD, client)).isEqualTo(AuthResult.Failure.badCredentials());
        assertThat(authenticator.authenticate(ALICE, "a new secret", client)).isInstanceOf(AuthResult.Success.class);
    }
}
