package io.mailfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.password4j.BcryptFunction;
import com.password4j.types.Bcrypt;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.auth.AuthResult.Failure;
import io.mailfleet.auth.AuthResult.Failure.Reason;
import io.mailfleet.auth.AuthResult.Success;
import io.mailfleet.auth.AuthResult.Unavailable;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticatorTest {

    private static final String ALICE = "alice@example.com";
    private static final String PASSWORD = "correct horse battery staple";
    private static final ThrottlePolicy POLICY = new ThrottlePolicy(
            3, 10, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(8), 1_000);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Argon2idPasswordHasher realHasher = new Argon2idPasswordHasher(Argon2Parameters.TESTING);
    private final CountingHasher hasher = new CountingHasher(realHasher);
    private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
    private final InetAddress client = ip("192.0.2.1");
    private final Authenticator authenticator;

    AuthenticatorTest() {
        accounts.add(ALICE, realHasher.hash(PASSWORD));
        authenticator = new Authenticator(accounts, hasher, POLICY, clock);
    }

    @ParameterizedTest
    @ValueSource(strings = {ALICE, "Alice@EXAMPLE.com"})
    void theRightPasswordLogsTheAccountIn(String username) {
        AuthResult result = authenticator.authenticate(username, PASSWORD, client);

        assertThat(result).isInstanceOfSatisfying(Success.class,
                success -> assertThat(success.account().key()).isEqualTo(ALICE));
    }

    @Test
    void aWrongPasswordIsBadCredentials() {
        assertThat(authenticator.authenticate(ALICE, "Correct horse battery staple", client))
                .isEqualTo(Failure.badCredentials());
    }

    @Test
    void anUnknownUserLooksExactlyLikeAWrongPasswordAndCostsAVerificationToo() {
        AuthResult wrongPassword = authenticator.authenticate(ALICE, "guess", client);
        String aliceHash = hasher.lastVerifiedHash();
        int afterWrongPassword = hasher.verifications();

        AuthResult unknownUser = authenticator.authenticate("bob@example.com", "guess", client);

        assertThat(unknownUser).isEqualTo(wrongPassword).isEqualTo(Failure.badCredentials());
        assertThat(afterWrongPassword).isEqualTo(1);
        assertThat(hasher.verifications()).isEqualTo(2);
        // Same scheme and cost as a real account's hash, so the check takes as long.
        assertThat(hasher.lastVerifiedHash()).isNotEqualTo(aliceHash);
        assertThat(hasher.needsRehash(hasher.lastVerifiedHash())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice", "alice@", "@example.com", "alice@@example.com", "<alice@example.com>"})
    void aUsernameThatIsNotAnAddressIsBadCredentialsAfterAVerification(String username) {
        assertThat(authenticator.authenticate(username, PASSWORD, client)).isEqualTo(Failure.badCredentials());
        assertThat(hasher.verifications()).isEqualTo(1);
    }

    @Test
    void afterTooManyFailuresForAUserEvenTheRightPasswordIsRefusedUnchecked() {
        for (int i = 0; i < 3; i++) {
            assertThat(authenticator.authenticate(ALICE, "guess " + i, ip("198.51.100." + i)))
                    .isEqualTo(Failure.badCredentials());
        }
        int verifications = hasher.verifications();

        AuthResult result = authenticator.authenticate(ALICE, PASSWORD, ip("203.0.113.7"));

        assertThat(result).isEqualTo(Failure.throttled(Duration.ofMinutes(1)));
        assertThat(hasher.verifications()).isEqualTo(verifications);
    }

    @Test
    void unknownUsersAreThrottledLikeRealOnes() {
        for (int i = 0; i < 3; i++) {
            authenticator.authenticate("bob@example.com", "guess " + i, ip("198.51.100." + i));
        }

        assertThat(authenticator.authenticate("bob@example.com", "guess", ip("203.0.113.7")))
                .isEqualTo(Failure.throttled(Duration.ofMinutes(1)));
    }

    @Test
    void afterTooManyFailuresFromAClientItIsRefusedForEveryUser() {
        for (int i = 0; i < 10; i++) {
            authenticator.authenticate("user" + i + "@example.com", "guess", client);
        }

        assertThat(authenticator.authenticate(ALICE, PASSWORD, client))
                .isEqualTo(Failure.throttled(Duration.ofMinutes(1)));
        assertThat(authenticator.authenticate(ALICE, PASSWORD, ip("192.0.2.2"))).isInstanceOf(Success.class);
    }

    @Test
    void failuresWithUsernamesThatAreNotAddressesCountForTheClient() {
        for (int i = 0; i < 10; i++) {
            authenticator.authenticate("not an address " + i, "guess", client);
        }

        assertThat(authenticator.authenticate(ALICE, PASSWORD, client)).isInstanceOf(Failure.class);
    }

    @Test
    void theLockoutEndsWithItsDuration() {
        lockOutAlice();
        clock.advance(Duration.ofSeconds(59));
        assertThat(authenticator.authenticate(ALICE, PASSWORD, client))
                .isEqualTo(Failure.throttled(Duration.ofSeconds(1)));

        clock.advance(Duration.ofSeconds(1));

        assertThat(authenticator.authenticate(ALICE, PASSWORD, client)).isInstanceOf(Success.class);
    }

    @Test
    void repeatedLockoutsGrowUpToTheMaximum() {
        List<Duration> lockouts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lockOutAlice();
            Duration retryAfter = ((Failure) authenticator.authenticate(ALICE, PASSWORD, client)).retryAfter().orElseThrow();
            lockouts.add(retryAfter);
            clock.advance(retryAfter);
        }

        assertThat(lockouts).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(8), Duration.ofMinutes(8));
    }

    @Test
    void aSuccessClearsTheUsersFailuresAndLockoutHistory() {
        lockOutAlice();
        clock.advance(Duration.ofMinutes(1));
        authenticator.authenticate(ALICE, "guess", ip("198.51.100.1"));
        authenticator.authenticate(ALICE, "guess", ip("198.51.100.2"));

        assertThat(authenticator.authenticate(ALICE, PASSWORD, ip("198.51.100.3"))).isInstanceOf(Success.class);
        authenticator.authenticate(ALICE, "guess", ip("198.51.100.4"));
        authenticator.authenticate(ALICE, "guess", ip("198.51.100.5"));
        assertThat(authenticator.authenticate(ALICE, PASSWORD, ip("198.51.100.6"))).isInstanceOf(Success.class);

        lockOutAlice();
        assertThat(authenticator.authenticate(ALICE, PASSWORD, client))
                .isEqualTo(Failure.throttled(Duration.ofMinutes(1)));
    }

    @Test
    void parallelAttemptsCannotOutrunTheLockout() throws Exception {
        CountDownLatch gate = hasher.holdVerifications();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        List<Future<AuthResult>> inProgress = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            InetAddress from = ip("198.51.100." + i);
            inProgress.add(threads.submit(() -> authenticator.authenticate(ALICE, "guess", from)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hasher.verifications() < 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(hasher.verifications()).isEqualTo(3);

        AuthResult fourth = authenticator.authenticate(ALICE, "another guess", ip("198.51.100.9"));
        gate.countDown();

        assertThat(fourth).isEqualTo(Failure.throttled(FailureTracker.IN_FLIGHT_RETRY));
        for (Future<AuthResult> attempt : inProgress) {
            assertThat(attempt.get(10, TimeUnit.SECONDS)).isEqualTo(Failure.badCredentials());
        }
        threads.shutdown();
        assertThat(hasher.verifications()).isEqualTo(3);
        assertThat(authenticator.authenticate(ALICE, PASSWORD, client))
                .isEqualTo(Failure.throttled(Duration.ofMinutes(1)));
    }

    @Test
    void anUnreachableStoreIsUnavailableAndCountsAsNoFailure() {
        accounts.findUnavailable = true;
        for (int i = 0; i < 20; i++) {
            assertThat(authenticator.authenticate(ALICE, "guess", client)).isInstanceOf(Unavailable.class);
        }
        assertThat(authenticator.authenticate(ALICE, PASSWORD, client)).isInstanceOf(Unavailable.class);

        accounts.findUnavailable = false;

        assertThat(authenticator.authenticate(ALICE, PASSWORD, client)).isInstanceOf(Success.class);
    }

    @Test
    void aBcryptHashIsReplacedByArgon2idAtTheFirstSuccessfulLogin() {
        String bcrypt = BcryptFunction.getInstance(Bcrypt.B, 4).hash(PASSWORD).getResult();
        accounts.add("imported@example.com", bcrypt);

        assertThat(authenticator.authenticate("imported@example.com", PASSWORD, client)).isInstanceOf(Success.class);

        String upgraded = accounts.passwordHashOf("imported@example.com");
        assertThat(upgraded).startsWith("$argon2id$v=19$m=256,t=1,p=1$");
        assertThat(realHasher.verify(PASSWORD, upgraded)).isTrue();
        assertThat(authenticator.authenticate("imported@example.com", PASSWORD, client)).isInstanceOf(Success.class);
        assertThat(accounts.passwordHashOf("imported@example.com")).isEqualTo(upgraded);
        assertThat(accounts.passwordChanges()).isEqualTo(1);
    }

    @Test
    void anUpgradeNeverUndoesAPasswordChangeMadeDuringTheLogin() {
        String bcrypt = BcryptFunction.getInstance(Bcrypt.B, 4).hash(PASSWORD).getResult();
        accounts.add("imported@example.com", bcrypt);
        String changedByAdmin = realHasher.hash("new password");
        accounts.afterFind = () -> accounts.changePasswordHash(MailAddress.parse("imported@example.com"), changedByAdmin);

        assertThat(authenticator.authenticate("imported@example.com", PASSWORD, client)).isInstanceOf(Success.class);

        assertThat(accounts.passwordHashOf("imported@example.com")).isEqualTo(changedByAdmin);
    }

    @Test
    void aFailedRehashDoesNotFailTheLogin() {
        String bcrypt = BcryptFunction.getInstance(Bcrypt.B, 4).hash(PASSWORD).getResult();
        accounts.add("imported@example.com", bcrypt);
        accounts.changeUnavailable = true;

        assertThat(authenticator.authenticate("imported@example.com", PASSWORD, client)).isInstanceOf(Success.class);
        assertThat(accounts.passwordHashOf("imported@example.com")).isEqualTo(bcrypt);
    }

    @Test
    void aCurrentHashIsLeftAlone() {
        String hash = accounts.passwordHashOf(ALICE);

        authenticator.authenticate(ALICE, PASSWORD, client);

        assertThat(accounts.passwordChanges()).isZero();
        assertThat(accounts.passwordHashOf(ALICE)).isEqualTo(hash);
    }

    @Test
    void aWrongPasswordForABcryptAccountChangesNothing() {
        String bcrypt = BcryptFunction.getInstance(Bcrypt.B, 4).hash(PASSWORD).getResult();
        accounts.add("imported@example.com", bcrypt);

        assertThat(authenticator.authenticate("imported@example.com", "guess", client)).isEqualTo(Failure.badCredentials());
        assertThat(accounts.passwordChanges()).isZero();
    }

    @Test
    void anAccountWithAnUnreadableHashCannotLogIn() {
        accounts.add("broken@example.com", "not a hash");

        assertThat(authenticator.authenticate("broken@example.com", "not a hash", client))
                .isEqualTo(Failure.badCredentials());
    }

    @Test
    void failureResultsAreConsistent() {
        assertThat(Failure.badCredentials().reason()).isEqualTo(Reason.BAD_CREDENTIALS);
        assertThat(Failure.throttled(Duration.ofSeconds(3)).retryAfter()).contains(Duration.ofSeconds(3));
        assertThatIllegalArgumentException().isThrownBy(() -> Failure.throttled(Duration.ZERO));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Failure(Reason.BAD_CREDENTIALS, Optional.of(Duration.ofSeconds(1))));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure(Reason.THROTTLED, Optional.empty()));
    }

    private void lockOutAlice() {
        for (int i = 0; i < 3; i++) {
            assertThat(authenticator.authenticate(ALICE, "guess " + i, ip("198.51.100." + (10 + i))))
                    .isEqualTo(Failure.badCredentials());
        }
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
