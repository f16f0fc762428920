package io.mailfleet.imap.gateway.idle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PollingWakeupsTest {

    @Test
    void pollsFastOnlyWhileAskedToAndStopsWakingAClosedWatch() throws Exception {
        AtomicBoolean kafkaDown = new AtomicBoolean(false);
        AtomicInteger woken = new AtomicInteger();
        try (PollingWakeups polling = new PollingWakeups(Duration.ofMillis(5), Duration.ofHours(1), kafkaDown::get)) {
            AutoCloseable watch = polling.watch("ann@example.org", hint -> woken.incrementAndGet());
            Thread.sleep(100);
            assertThat(woken).as("events are trusted and the resync is an hour away").hasValue(0);

            CountDownLatch polled = new CountDownLatch(3);
            polling.watch("bob@example.org", hint -> polled.countDown());
            kafkaDown.set(true);
            assertThat(polled.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(woken.get()).isPositive();

            watch.close();
            int atClose = woken.get();
            Thread.sleep(100);
            assertThat(woken.get()).as("at most a tick already running after the close").isLessThanOrEqualTo(atClose + 1);
        }
    }

    @Test
    void resyncsEveryWatcherOnTheSlowIntervalEvenWhenEventsAreTrusted() throws Exception {
        try (PollingWakeups polling = new PollingWakeups(Duration.ofMillis(5), Duration.ofMillis(50), () -> false)) {
            CountDownLatch resynced = new CountDownLatch(2);
            polling.watch("ann@example.org", hint -> resynced.countDown());
            assertThat(resynced.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
