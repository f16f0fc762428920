package io.mailfleet.events.broadcast;

import io.mailfleet.model.address.InvalidAddressException;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.MailboxEvent;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who waits for changes of which account: the IDLE sessions of this instance, each with a callback
 * to run with each change of its account heard of. Thread-safe. Waking costs one map lookup per
 * event and one call per watcher of that account; an account whose last watcher left is forgotten,
 * so the registry holds only the sessions open now.
 *
 * <p>Accounts are matched as account lookup matches them, local part ignoring case, so a session
 * logged in as {@code Ann@example.org} hears of changes published for {@code ann@example.org}.
 */
public final class AccountWatchers {

    /** A registration; closing it stops the wake-ups. Closing again does nothing. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private static final Logger LOG = LoggerFactory.getLogger(AccountWatchers.class);

    private final ConcurrentMap<String, Set<Watcher>> byAccount = new ConcurrentHashMap<>();
    private final AtomicInteger watchers = new AtomicInteger();

    /**
     * Runs {@code wake} with every later change of {@code account} until the returned watch is
     * closed. {@code wake} runs on the thread that reads events, so it must return at once and never
     * block: an IMAP session only schedules a resync from the store with it.
     */
    public Watch watch(MailAddress account, Consumer<MailboxEvent> wake) {
        Watcher watcher = new Watcher(account.lookupKey(), Objects.requireNonNull(wake, "wake"));
        // compute() runs atomically per key: a watcher is never added to a set being dropped.
        byAccount.compute(watcher.accountKey, (key, set) -> {
            Set<Watcher> watching = set == null ? ConcurrentHashMap.newKeySet() : set;
            watching.add(watcher);
            return watching;
        });
        watchers.incrementAndGet();
        return watcher;
    }

    /**
     * Runs the callbacks of the account's watchers with {@code event}, a change of that account; a
     * callback that throws is logged and the others still run. Returns how many ran.
     */
    public int wake(MailAddress account, MailboxEvent event) {
        Set<Watcher> watching = byAccount.get(account.lookupKey());
        if (watching == null) {
            return 0;
        }
        int woken = 0;
        for (Watcher watcher : watching) {
            try {
                watcher.wake.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("a wake-up callback of {} failed: {}", watcher.accountKey, e.toString());
            }
            woken++;
        }
        return woken;
    }

    /**
     * Whether an event published under this Kafka key may concern a watcher, before the event is decoded:
     * mailbox events are keyed by their account, so with no watcher of that account (the common case: most
     * accounts have no session here, and an instance without sessions has no watcher at all) it is dropped
     * undecoded. A key that is missing or not an address leaves the decision to the decoded event.
     */
    public boolean mayWatch(byte[] key) {
        if (byAccount.isEmpty()) {
            return false;
        }
        if (key == null) {
            return true;
        }
        try {
            return byAccount.containsKey(MailAddress.parse(new String(key, StandardCharsets.UTF_8), true).lookupKey());
        } catch (InvalidAddressException e) {
            return true;
        }
    }

    /** Open watches, over all accounts. */
    public int size() {
        return watchers.get();
    }

    /** Accounts with at least one open watch; the tests' proof that closed watches leave nothing behind. */
    int accounts() {
        return byAccount.size();
    }

    private void remove(Watcher watcher) {
        byAccount.computeIfPresent(watcher.accountKey, (key, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
        watchers.decrementAndGet();
    }

    /** One registration; compared by identity, so one callback may be registered twice. */
    private final class Watcher implements Watch {

        private final String accountKey;
        private final Consumer<MailboxEvent> wake;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Watcher(String accountKey, Consumer<MailboxEvent> wake) {
            this.accountKey = accountKey;
            this.wake = wake;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                remove(this);
            }
        }
    }
}
