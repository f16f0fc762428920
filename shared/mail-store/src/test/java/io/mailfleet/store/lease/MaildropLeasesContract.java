package io.mailfleet.store.lease;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link MaildropLeases} must do; each adapter's test implements this. */
public interface MaildropLeasesContract {

    Duration LONG = Duration.ofSeconds(60);

    MaildropLeases leases();

    private static String account() {
        return "lease-" + UUID.randomUUID() + "@example.test";
    }

    @Test
    default void aHeldMaildropCannotBeTakenAgain() {
        String account = account();
        Lease held = leases().acquire(account, LONG).orElseThrow();

        assertThat(held.account()).isEqualTo(account);
        assertThat(leases().acquire(account, LONG)).as("a second session of the same account").isEmpty();
        assertThat(leases().acquire(account(), LONG)).as("another account").isPresent();
    }

    @Test
    default void onlyTheHolderReleases() {
        String account = account();
        Lease held = leases().acquire(account, LONG).orElseThrow();

        leases().release(new Lease(account, UUID.randomUUID()), LONG);

        assertThat(leases().acquire(account, LONG)).isEmpty();
        assertThat(leases().renew(held, LONG)).isTrue();
    }

    @Test
    default void aReleasedMaildropCanBeTakenAgain() {
        String account = account();
        Lease first = leases().acquire(account, LONG).orElseThrow();

        leases().release(first, LONG);
        Lease second = leases().acquire(account, LONG).orElseThrow();

        assertThat(second.holder()).isNotEqualTo(first.holder());
        assertThat(leases().renew(first, LONG)).as("the released lease").isFalse();
        leases().release(first, LONG);
        assertThat(leases().acquire(account, LONG)).as("the old holder's release left the new one").isEmpty();
        assertThat(leases().renew(second, LONG)).isTrue();
    }

    @Test
    default void renewingKeepsTheLeasePastItsFirstTimeToLive() throws InterruptedException {
        String account = account();
        Duration ttl = Duration.ofSeconds(4);
        Lease held = leases().acquire(account, ttl).orElseThrow();

        // Five seconds of renewals, one a second: beyond the first time to live.
        for (int i = 0; i < 5; i++) {
            Thread.sleep(1000);
            assertThat(leases().renew(held, ttl)).as("renewal %d", i + 1).isTrue();
        }

        assertThat(leases().acquire(account, ttl)).isEmpty();
    }

    @Test
    default void anExpiredLeaseGoesToTheNextHolderAndIsLostToTheOld() throws InterruptedException {
        String account = account();
        Lease old = leases().acquire(account, Duration.ofSeconds(2)).orElseThrow();
        assertThat(leases().acquire(account, LONG)).isEmpty();

        // Nobody releases it: a gateway that died. The time to live frees the maildrop.
        Optional<Lease> next = Optional.empty();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (next.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            next = leases().acquire(account, LONG);
        }

        assertThat(next).as("taken after the old lease expired").isPresent();
        assertThat(leases().renew(old, LONG)).as("the expired lease").isFalse();
        leases().release(old, Duration.ofSeconds(2));
        assertThat(leases().acquire(account, LONG)).as("the old holder's release left the new one").isEmpty();
        assertThat(leases().renew(next.get(), LONG)).isTrue();
    }

    @Test
    default void anExpiredLeaseNobodyTookCannotBeRenewed() throws InterruptedException {
        String account = account();
        Lease old = leases().acquire(account, Duration.ofSeconds(2)).orElseThrow();

        Thread.sleep(3500);

        assertThat(leases().renew(old, LONG)).isFalse();
        assertThat(leases().acquire(account, LONG)).isPresent();
    }

    @Test
    default void aLeaseNeedsAnAccountAndAPositiveTimeToLive() {
        assertThatThrownBy(() -> leases().acquire(" ", LONG)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> leases().acquire(account(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        Lease held = leases().acquire(account(), LONG).orElseThrow();
        assertThatThrownBy(() -> leases().renew(held, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
