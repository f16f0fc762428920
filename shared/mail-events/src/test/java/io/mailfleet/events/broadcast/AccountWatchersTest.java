package io.mailfleet.events.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.events.SampleEvents;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.MailboxEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AccountWatchersTest {

    private static final MailAddress ANN = MailAddress.parse("ann@example.org");
    private static final MailAddress BOB = MailAddress.parse("bob@example.org");

    private static final MailboxEvent EVENT = SampleEvents.messageAdded();

    private final AccountWatchers watchers = new AccountWatchers();

    @Test
    void aWatcherIsHandedTheEventThatWokeIt() {
        AtomicReference<MailboxEvent> heard = new AtomicReference<>();
        watchers.watch(ANN, heard::set);

        watchers.wake(ANN, EVENT);

        assertThat(heard).hasValue(EVENT);
    }

    @Test
    void aWatcherIsWokenForItsOwnAccountOnly() {
        AtomicInteger ann = new AtomicInteger();
        AtomicInteger bob = new AtomicInteger();
        watchers.watch(ANN, event -> ann.incrementAndGet());
        watchers.watch(BOB, event -> bob.incrementAndGet());

        assertThat(watchers.wake(ANN, EVENT)).isEqualTo(1);
        assertThat(watchers.wake(ANN, EVENT)).isEqualTo(1);

        assertThat(ann).hasValue(2);
        assertThat(bob).hasValue(0);
    }

    @Test
    void accountsMatchAsLoginDoesLocalPartIgnoringCase() {
        AtomicInteger woken = new AtomicInteger();
        watchers.watch(MailAddress.parse("Ann@EXAMPLE.org"), event -> woken.incrementAndGet());

        assertThat(watchers.wake(ANN, EVENT)).isEqualTo(1);
        assertThat(watchers.wake(MailAddress.parse("ANN@example.org"), EVENT)).isEqualTo(1);
        assertThat(watchers.wake(MailAddress.parse("ann@example.net"), EVENT)).isZero();
        assertThat(woken).hasValue(2);
    }

    @Test
    void anEventKeyedByAnAccountNobodyWatchesIsDroppedBeforeItIsDecoded() {
        assertThat(watchers.mayWatch(key("ann@example.org"))).as("no watcher at all").isFalse();

        AccountWatchers.Watch watch = watchers.watch(MailAddress.parse("Ann@example.org"), event -> { });

        assertThat(watchers.mayWatch(key("ann@example.org"))).isTrue();
        assertThat(watchers.mayWatch(key("ANN@example.org"))).as("matched as login matches").isTrue();
        assertThat(watchers.mayWatch(key("bob@example.org"))).isFalse();
        assertThat(watchers.mayWatch(null)).as("no key: the event decides").isTrue();
        assertThat(watchers.mayWatch(key("not an address"))).as("a key that is no address: the event decides").isTrue();
        watch.close();
        assertThat(watchers.mayWatch(key("ann@example.org"))).isFalse();
    }

    private static byte[] key(String account) {
        return account.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void everySessionOfAnAccountIsWokenAndOneCallbackMayWatchTwice() {
        AtomicInteger phone = new AtomicInteger();
        AtomicInteger laptop = new AtomicInteger();
        Consumer<MailboxEvent> phoneWake = event -> phone.incrementAndGet();
        watchers.watch(ANN, phoneWake);
        AccountWatchers.Watch second = watchers.watch(ANN, phoneWake);
        watchers.watch(ANN, event -> laptop.incrementAndGet());

        assertThat(watchers.wake(ANN, EVENT)).isEqualTo(3);
        second.close();
        assertThat(watchers.wake(ANN, EVENT)).isEqualTo(2);

        assertThat(phone).hasValue(3);
        assertThat(laptop).hasValue(2);
    }

    @Test
    void closingAWatchDeregistersItAndForgetsTheAccountWithItsLastWatcher() {
        AtomicInteger woken = new AtomicInteger();
        AccountWatchers.Watch first = watchers.watch(ANN, event -> woken.incrementAndGet());
        AccountWatchers.Watch second = watchers.watch(ANN, event -> woken.incrementAndGet());
        assertThat(watchers.size()).isEqualTo(2);
        assertThat(watchers.accounts()).isEqualTo(1);

        first.close();
        first.close();
        assertThat(watchers.size()).as("closing twice counts once").isEqualTo(1);
        assertThat(watchers.accounts()).isEqualTo(1);

        second.close();
        assertThat(watchers.wake(ANN, EVENT)).isZero();
        assertThat(woken).hasValue(0);
        assertThat(watchers.size()).isZero();
        assertThat(watchers.accounts()).isZero();
    }

    @Test
    void aFailingCallbackDoesNotKeepTheOthersFromRunning() {
        AtomicInteger woken = new AtomicInteger();
        watchers.watch(ANN, event -> {
            throw new IllegalStateException("a broken session");
        });
        watchers.watch(ANN, event -> woken.incrementAndGet());

        assertThat(watchers.wake(ANN, EVENT)).isEqualTo(2);
        assertThat(woken).hasValue(1);
    }

    @Test
    void sessionsComingAndGoingOnManyThreadsWhileEventsArriveLeaveNothingBehind() throws Exception {
        int threads = 8;
        int rounds = 5_000;
        List<MailAddress> accounts = List.of(ANN, BOB, MailAddress.parse("cy@example.org"));
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger stillWatched = new AtomicInteger();
        try {
            List<Future<?>> sessions = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                MailAddress account = accounts.get(t % accounts.size());
                sessions.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        AtomicInteger mine = new AtomicInteger();
                        AccountWatchers.Watch watch = watchers.watch(account, event -> mine.incrementAndGet());
                        // While registered, a wake of its account must reach it.
                        watchers.wake(account, EVENT);
                        if (mine.get() == 0) {
                            stillWatched.incrementAndGet();
                        }
                        watch.close();
                    }
                    return null;
                }));
            }
            Future<?> events = pool.submit(() -> {
                start.await();
                for (int i = 0; i < rounds; i++) {
                    watchers.wake(accounts.get(i % accounts.size()), EVENT);
                }
                return null;
            });
            start.countDown();
            for (Future<?> session : sessions) {
                session.get(60, TimeUnit.SECONDS);
            }
            events.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(stillWatched).as("wakes that missed a registered watcher").hasValue(0);
        assertThat(watchers.size()).isZero();
        assertThat(watchers.accounts()).isZero();
    }
}
