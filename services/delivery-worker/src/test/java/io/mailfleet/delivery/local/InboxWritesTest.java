package io.mailfleet.delivery.local;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.mailbox.Delivery;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.MessageRepository.KeyedMessage;
import io.mailfleet.store.mailbox.NewMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The turns callers take at an INBOX, against a store that holds its first change until the test
 * lets it go; that the store's change itself is atomic and idempotent is BatchDeliveryIT's and
 * LocalDeliveryIT's part, on Cassandra.
 */
class InboxWritesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final MessageIdGenerator ids = new MessageIdGenerator();
    private final ExecutorService callers = Executors.newFixedThreadPool(4);
    private final Map<Long, Thread> callerThreads = new HashMap<>();
    private final MailboxId inbox = MailboxId.random();
    private final MailboxId otherInbox = MailboxId.random();
    private final Store store = new Store();
    private final InboxWrites writes = new InboxWrites(store.repository());

    @AfterEach
    void tearDown() {
        store.release();
        callers.shutdownNow();
    }

    @Test
    void copiesThatArriveWhileTheInboxIsWrittenGoTogetherInItsNextChange() throws Exception {
        Future<List<Delivery>> first = call(inbox, "a");
        store.awaitChanges(1);
        Future<List<Delivery>> second = call(inbox, "b", "c");
        awaitWaiting(1);
        Future<List<Delivery>> third = call(inbox, "d");
        awaitWaiting(2);

        store.release();

        assertThat(first.get(10, TimeUnit.SECONDS)).extracting(Delivery::uid).containsExactly(Uid.of(1));
        assertThat(second.get(10, TimeUnit.SECONDS)).extracting(Delivery::uid).containsExactly(Uid.of(2), Uid.of(3));
        assertThat(third.get(10, TimeUnit.SECONDS)).extracting(Delivery::uid).containsExactly(Uid.of(4));
        assertThat(store.changes()).containsExactly(List.of("a"), List.of("b", "c", "d"));
    }

    @Test
    void aKeyAlreadyInTheChangeWaitsForTheNextWhichFindsItsReceipt() throws Exception {
        Future<List<Delivery>> first = call(inbox, "a");
        store.awaitChanges(1);
        Future<List<Delivery>> second = call(inbox, "b");
        awaitWaiting(1);
        Future<List<Delivery>> again = call(inbox, "b");
        awaitWaiting(2);

        store.release();

        assertThat(first.get(10, TimeUnit.SECONDS)).extracting(Delivery::firstTime).containsExactly(true);
        assertThat(second.get(10, TimeUnit.SECONDS)).containsExactly(new Delivery(Uid.of(2), ModSeq.of(2), true));
        assertThat(again.get(10, TimeUnit.SECONDS)).as("the receipt of the change before")
                .containsExactly(new Delivery(Uid.of(2), ModSeq.of(2), false));
        assertThat(store.changes()).containsExactly(List.of("a"), List.of("b"), List.of("b"));
    }

    @Test
    void aFailedChangeFailsEveryCallerInItAndLeavesTheInboxFreeForTheNext() throws Exception {
        Future<List<Delivery>> first = call(inbox, "a");
        store.awaitChanges(1);
        Future<List<Delivery>> second = call(inbox, "b");
        Future<List<Delivery>> third = call(inbox, "c");
        awaitWaiting(2);
        store.failChange(2);

        store.release();

        assertThat(first.get(10, TimeUnit.SECONDS)).extracting(Delivery::uid).containsExactly(Uid.of(1));
        for (Future<List<Delivery>> failed : List.of(second, third)) {
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
        }
        assertThat(call(inbox, "b").get(10, TimeUnit.SECONDS)).extracting(Delivery::uid).containsExactly(Uid.of(2));
    }

    @Test
    void anotherInboxIsWrittenMeanwhile() throws Exception {
        Future<List<Delivery>> held = call(inbox, "a");
        store.awaitChanges(1);

        assertThat(call(otherInbox, "x").get(10, TimeUnit.SECONDS)).extracting(Delivery::uid).containsExactly(Uid.of(1));
        assertThat(held).isNotDone();

        store.release();
        assertThat(held.get(10, TimeUnit.SECONDS)).extracting(Delivery::uid).containsExactly(Uid.of(1));
    }

    @Test
    void moreCopiesThanOneChangeHoldsAreRefused() {
        List<KeyedMessage> tooMany = new ArrayList<>();
        for (int i = 0; i <= MessageRepository.MAX_ATOMIC_APPEND; i++) {
            tooMany.add(copy("k" + i));
        }

        assertThatThrownBy(() -> writes.deliverAll(inbox, tooMany)).isInstanceOf(IllegalArgumentException.class);
    }

    private Future<List<Delivery>> call(MailboxId mailbox, String... keys) {
        List<KeyedMessage> copies = new ArrayList<>();
        for (String key : keys) {
            copies.add(copy(key));
        }
        return callers.submit(() -> {
            synchronized (callerThreads) {
                callerThreads.put(Thread.currentThread().getId(), Thread.currentThread());
            }
            return writes.deliverAll(mailbox, copies);
        });
    }

    private KeyedMessage copy(String key) {
        return new KeyedMessage(new NewMessage(ids.next(), "blob-" + key, 100, Instant.EPOCH, Flags.EMPTY), key);
    }

    /** Until {@code count} callers wait for their turn at an INBOX: parked, not in the store's change. */
    private void awaitWaiting(int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (waiting() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " callers never waited for their turn");
            }
            Thread.sleep(1);
        }
    }

    private long waiting() {
        synchronized (callerThreads) {
            return callerThreads.values().stream().filter(thread -> thread.getState() == Thread.State.WAITING
                    && !store.isWriting(thread)).count();
        }
    }

    /**
     * Receipts by key and UIDs per mailbox, as the real store keeps them; its first change waits for
     * {@link #release()}, and one change can be made to fail.
     */
    private static final class Store {
        private final CountDownLatch released = new CountDownLatch(1);
        private final List<List<String>> changes = new ArrayList<>();
        private final Map<String, Delivery> receipts = new HashMap<>();
        private final Map<MailboxId, Long> nextUid = new HashMap<>();
        private final List<Thread> writing = new ArrayList<>();
        private int failing;

        MessageRepository repository() {
            return (MessageRepository) Proxy.newProxyInstance(MessageRepository.class.getClassLoader(),
                    new Class<?>[] {MessageRepository.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("deliverAll")) {
                            throw new AssertionError("an INBOX write only delivers, it does not call " + method.getName());
                        }
                        @SuppressWarnings("unchecked")
                        List<KeyedMessage> copies = (List<KeyedMessage>) args[1];
                        return deliverAll((MailboxId) args[0], copies);
                    });
        }

        private List<Delivery> deliverAll(MailboxId mailbox, List<KeyedMessage> copies) throws InterruptedException {
            boolean first;
            boolean fails;
            synchronized (this) {
                first = changes.isEmpty();
                changes.add(copies.stream().map(KeyedMessage::deliveryKey).toList());
                fails = changes.size() == failing;
                writing.add(Thread.currentThread());
                notifyAll();
            }
            if (first && !released.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the first change was never let go");
            }
            synchronized (this) {
                writing.remove(Thread.currentThread());
                if (fails) {
                    throw new StoreUnavailableException("the change failed");
                }
                long uid = nextUid.getOrDefault(mailbox, 1L);
                long modSeq = uid;
                List<Delivery> outcomes = new ArrayList<>();
                for (KeyedMessage copy : copies) {
                    Delivery earlier = receipts.get(mailbox + copy.deliveryKey());
                    if (earlier != null) {
                        outcomes.add(new Delivery(earlier.uid(), earlier.modSeq(), false));
                    } else {
                        Delivery fresh = new Delivery(Uid.of(uid++), ModSeq.of(modSeq), true);
                        receipts.put(mailbox + copy.deliveryKey(), fresh);
                        outcomes.add(fresh);
                    }
                }
                nextUid.put(mailbox, uid);
                return outcomes;
            }
        }

        synchronized void awaitChanges(int count) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (changes.size() < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("the store never saw " + count + " changes");
                }
                wait(left);
            }
        }

        synchronized boolean isWriting(Thread thread) {
            return writing.contains(thread);
        }

        /** The change with this number, counted from 1, fails. */
        synchronized void failChange(int number) {
            failing = number;
        }

        synchronized List<List<String>> changes() {
            return List.copyOf(changes);
        }

        void release() {
            released.countDown();
        }
    }
}
