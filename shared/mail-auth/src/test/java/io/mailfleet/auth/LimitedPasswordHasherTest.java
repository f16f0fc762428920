package io.mailfleet.auth;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LimitedPasswordHasherTest {

    @Test
    void neverRunsMoreChecksAtOnceThanItsLimit() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        PasswordHasher slow = new PasswordHasher() {
            @Override
            public String hash(String password) {
                return password;
            }

            @Override
            public boolean verify(String password, String encodedHash) {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return password.equals(encodedHash);
            }

            @Override
            public boolean needsRehash(String encodedHash) {
                return false;
            }
        };
        LimitedPasswordHasher limited = new LimitedPasswordHasher(slow, 3);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                checks.add(threads.submit(() -> limited.verify("pw", "pw")));
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(mostAtOnce.get()).isEqualTo(3);
        assertThat(limited.inProgress()).isZero();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LimitedPasswordHasher(new Argon2idPasswordHasher(Argon2Parameters.TESTING), 0));
    }
}
