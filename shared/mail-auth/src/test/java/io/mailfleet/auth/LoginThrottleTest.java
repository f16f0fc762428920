package io.mailfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Optional<String> ALICE = Optional.of("alice@example.com");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void memoryStaysWithinTheCapUnderAMillionRandomUsernames() throws UnknownHostException {
        int cap = 10_000;
        LoginThrottle throttle = new LoginThrottle(policy(5, 20, cap), clock, Optional.empty());
        SplittableRandom random = new SplittableRandom(7);
        int maxUsers = 0;
        int maxClients = 0;

        for (int i = 0; i < 1_000_000; i++) {
            Optional<String> user = Optional.of(Long.toHexString(random.nextLong()) + "@example.com");
            InetAddress client = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            if (throttle.admit(user, client).isEmpty()) {
                throttle.failed(user, client);
            }
            maxUsers = Math.max(maxUsers, throttle.trackedUsers());
            maxClients = Math.max(maxClients, throttle.trackedClients());
        }

        assertThat(maxUsers).isEqualTo(cap);
        assertThat(maxClients).isEqualTo(cap);
    }

    @Test
    void entriesWithNothingLeftToRememberAreDropped() throws UnknownHostException {
        LoginThrottle throttle = new LoginThrottle(policy(5, 20, 1_000), clock, Optional.empty());
        InetAddress client = ip("192.0.2.1");
        for (int i = 0; i < 100; i++) {
            Optional<String> user = Optional.of("user" + i + "@example.com");
            throttle.admit(user, client);
            throttle.failed(user, client);
        }
        assertThat(throttle.trackedUsers()).isEqualTo(100);

        clock.advance(Duration.ofMinutes(16));
        throttle.admit(ALICE, ip("192.0.2.2"));
        throttle.failed(ALICE, ip("192.0.2.2"));

        assertThat(throttle.trackedUsers()).isEqualTo(1);
        assertThat(throttle.trackedClients()).isEqualTo(1);
    }

    @Test
    void aSuccessfulLoginLeavesNoEntryBehind() throws UnknownHostException {
        LoginThrottle throttle = new LoginThrottle(policy(5, 20, 1_000), clock, Optional.empty());

        throttle.admit(ALICE, ip("192.0.2.1"));
        throttle.succeeded(ALICE, ip("192.0.2.1"));

        assertThat(throttle.trackedUsers()).isZero();
        assertThat(throttle.trackedClients()).isZero();
    }

    @Test
    void attemptsInProgressCountAgainstTheBudget() throws UnknownHostException {
        LoginThrottle throttle = new LoginThrottle(policy(3, 20, 1_000), clock, Optional.empty());
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.admit(ALICE, ip("192.0.2." + i))).isEmpty();
        }

        assertThat(throttle.admit(ALICE, ip("192.0.2.99"))).contains(FailureTracker.IN_FLIGHT_RETRY);

        throttle.abandoned(ALICE, ip("192.0.2.0"));
        assertThat(throttle.admit(ALICE, ip("192.0.2.99"))).isEmpty();
    }

    @Test
    void abandonedAttemptsDoNotCountAsFailures() throws UnknownHostException {
        LoginThrottle throttle = new LoginThrottle(policy(3, 3, 1_000), clock, Optional.empty());
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.admit(ALICE, ip("192.0.2.1"))).isEmpty();
            throttle.abandoned(ALICE, ip("192.0.2.1"));
        }

        assertThat(throttle.trackedUsers()).isZero();
        assertThat(throttle.trackedClients()).isZero();
    }

    @Test
    void aSuccessDoesNotClearTheClientsFailures() throws UnknownHostException {
        LoginThrottle throttle = new LoginThrottle(policy(100, 5, 1_000), clock, Optional.empty());
        InetAddress client = ip("192.0.2.1");
        for (int i = 0; i < 4; i++) {
            Optional<String> victim = Optional.of("victim" + i + "@example.com");
            throttle.admit(victim, client);
            throttle.failed(victim, client);
        }
        throttle.admit(ALICE, client);
        throttle.succeeded(ALICE, client);

        Optional<String> next = Optional.of("victim4@example.com");
        throttle.admit(next, client);
        throttle.failed(next, client);

        assertThat(throttle.admit(ALICE, client)).contains(Duration.ofMinutes(1));
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() throws UnknownHostException {
        LoginThrottle throttle = new LoginThrottle(policy(100, 3, 1_000), clock, Optional.empty());
        for (String address : new String[] {"2001:db8:1:2::1", "2001:db8:1:2::ffff", "2001:db8:1:2:aaaa:bbbb:cccc:dddd"}) {
            throttle.admit(Optional.empty(), ip(address));
            throttle.failed(Optional.empty(), ip(address));
        }

        assertThat(throttle.admit(Optional.empty(), ip("2001:db8:1:2::42"))).isPresent();
        assertThat(throttle.admit(Optional.empty(), ip("2001:db8:1:3::1"))).isEmpty();
        assertThat(throttle.admit(Optional.empty(), ip("192.0.2.1"))).isEmpty();
    }

    @Test
    void clientKeys() throws UnknownHostException {
        assertThat(LoginThrottle.clientKey(ip("192.0.2.1"))).isEqualTo("192.0.2.1");
        assertThat(LoginThrottle.clientKey(ip("::ffff:192.0.2.1"))).isEqualTo("192.0.2.1");
        assertThat(LoginThrottle.clientKey(ip("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    }

    @Test
    void lockoutsDoubleUpToTheCapAndAreForgottenAfterAQuietWindow() throws UnknownHostException {
        LoginThrottle throttle = new LoginThrottle(policy(2, 1_000, 1_000), clock, Optional.empty());
        InetAddress client = ip("192.0.2.1");
        for (Duration expected : new Duration[] {
                Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                Duration.ofMinutes(10), Duration.ofMinutes(10)}) {
            for (int i = 0; i < 2; i++) {
                assertThat(throttle.admit(ALICE, client)).isEmpty();
                throttle.failed(ALICE, client);
            }
            assertThat(throttle.admit(ALICE, client)).contains(expected);
            clock.advance(expected);
        }

        clock.advance(Duration.ofMinutes(15));
        for (int i = 0; i < 2; i++) {
            throttle.admit(ALICE, client);
            throttle.failed(ALICE, client);
        }
        assertThat(throttle.admit(ALICE, client)).contains(Duration.ofMinutes(1));
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() throws UnknownHostException {
        LoginThrottle throttle = new LoginThrottle(policy(3, 1_000, 1_000), clock, Optional.empty());
        InetAddress client = ip("192.0.2.1");
        for (int i = 0; i < 2; i++) {
            throttle.admit(ALICE, client);
            throttle.failed(ALICE, client);
        }
        clock.advance(Duration.ofMinutes(15));

        throttle.admit(ALICE, client);
        throttle.failed(ALICE, client);

        assertThat(throttle.admit(ALICE, client)).isEmpty();
    }

    private static ThrottlePolicy policy(int perUser, int perClient, int maxTrackedKeys) {
        return new ThrottlePolicy(perUser, perClient, Duration.ofMinutes(15), Duration.ofMinutes(1),
                Duration.ofMinutes(10), maxTrackedKeys);
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}
