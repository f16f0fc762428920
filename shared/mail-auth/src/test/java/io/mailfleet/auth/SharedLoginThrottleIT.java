package io.mailfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two authenticators, as on two instances, sharing one real Cassandra: a guesser who spreads guesses
 * over both gets the budget once, not twice, per user and per client, and the guesses spent keep
 * even the right password out until they leave the window.
 */
@ExtendWith(RealInfrastructureExtension.class)
class SharedLoginThrottleIT {

    private static final ThrottlePolicy POLICY = new ThrottlePolicy(
            5, 8, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(15), 1_000);
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private static CqlSession session;
    private static CassandraAccountRepository accounts;
    private static PasswordHasher hasher;

    @BeforeAll
    static void open(Infrastructure servers) {
        session = CassandraSessions.openMigrated(CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                servers.cassandra().localDatacenter(), "mail_auth_it"));
        accounts = new CassandraAccountRepository(session);
        hasher = new Argon2idPasswordHasher(Argon2Parameters.TESTING);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void guessesAtOneUserSpreadOverTwoInstancesGetOneBudget() throws UnknownHostException {
        String user = account("secret");
        List<Authenticator> instances = List.of(instance(), instance());

        int checked = 0;
        for (int guess = 0; guess < 20; guess++) {
            // A fresh client address for every guess, so only the user's budget applies.
            AuthResult result = instances.get(guess % 2).authenticate(user, "guess" + guess, client(guess));
            checked += throttled(result) ? 0 : 1;
        }

        assertThat(checked).isEqualTo(POLICY.maxFailuresPerUser());
        assertThat(instances).allSatisfy(instance ->
                assertThat(throttled(instance.authenticate(user, "secret", client(99)))).isTrue());
    }

    @Test
    void guessesFromOneClientSpreadOverTwoInstancesGetOneBudget() throws UnknownHostException {
        List<Authenticator> instances = List.of(instance(), instance());
        InetAddress client = InetAddress.getByName("198.51.100." + (SERIAL.incrementAndGet() % 250));

        int checked = 0;
        for (int guess = 0; guess < 20; guess++) {
            // A different user each time, so only the client's budget applies.
            AuthResult result = instances.get(guess % 2).authenticate(account("secret"), "wrong", client);
            checked += throttled(result) ? 0 : 1;
        }

        assertThat(checked).isEqualTo(POLICY.maxFailuresPerClient());
    }

    /** The shared failures are cleared; an instance's own counts stay with it, as without sharing. */
    @Test
    void aSuccessOnOneInstanceClearsTheUsersSharedFailures() throws UnknownHostException {
        String user = account("secret");
        Authenticator first = instance();
        Authenticator second = instance();
        Authenticator third = instance();
        for (int guess = 0; guess < POLICY.maxFailuresPerUser() - 1; guess++) {
            assertThat(first.authenticate(user, "wrong", client(guess))).isEqualTo(AuthResult.Failure.badCredentials());
        }

        assertThat(second.authenticate(user, "secret", client(50))).isInstanceOf(AuthResult.Success.class);

        for (int guess = 0; guess < POLICY.maxFailuresPerUser(); guess++) {
            assertThat(third.authenticate(user, "wrong", client(60 + guess)))
                    .as("guess %d after the success", guess).isEqualTo(AuthResult.Failure.badCredentials());
        }
    }

    private static Authenticator instance() {
        return new Authenticator(accounts, hasher, POLICY, Clock.systemUTC(), Optional.empty(),
                Optional.of(new SharedLoginFailures(session, POLICY.window())));
    }

    /** A new account, so that tests and reruns on the same keyspace do not share counts. */
    private static String account(String password) {
        String address = "user" + SERIAL.incrementAndGet() + "-" + System.nanoTime() + "@throttle.test";
        accounts.create(new Account(MailAddress.parse(address), hasher.hash(password), OptionalLong.empty(), Instant.now()));
        return address;
    }

    /** A client address of its own for each test run and guess, from the documentation ranges. */
    private static InetAddress client(int guess) throws UnknownHostException {
        return InetAddress.getByName("2001:db8:" + Integer.toHexString(SERIAL.incrementAndGet()) + ":" + guess + "::1");
    }

    private static boolean throttled(AuthResult result) {
        return result instanceof AuthResult.Failure failure && failure.reason() == AuthResult.Failure.Reason.THROTTLED;
    }
}
