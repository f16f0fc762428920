package io.mailfleet.imap.gateway.idle;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The wake-ups that need nothing but the store: every watcher is woken on a timer and resyncs. Each
 * {@code fastInterval} it wakes them all while {@code pollFast} holds (no pushed events can be
 * trusted to arrive), and in any case every {@code resyncInterval}, which bounds how late a change is
 * seen when its event was lost.
 */
public final class PollingWakeups implements AccountWakeups, AutoCloseable {

    private final Set<Consumer<Optional<ChangeHint>>> watchers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "imap-idle-poll");
        thread.setDaemon(true);
        return thread;
    });
    private final long resyncNanos;
    private final BooleanSupplier pollFast;
    private long lastResync = System.nanoTime();

    public PollingWakeups(Duration fastInterval, Duration resyncInterval, BooleanSupplier pollFast) {
        this.resyncNanos = resyncInterval.toNanos();
        this.pollFast = pollFast;
        long millis = Math.max(1, fastInterval.toMillis());
        timer.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public AutoCloseable watch(String account, Consumer<Optional<ChangeHint>> wake) {
        // Each watcher gets its own entry, so two sessions handing in equal callbacks both stay watched.
        Consumer<Optional<ChangeHint>> entry = wake::accept;
        watchers.add(entry);
        return () -> watchers.remove(entry);
    }

    /** On the timer's thread only. */
    private void tick() {
        long now = System.nanoTime();
        boolean resyncDue = now - lastResync >= resyncNanos;
        if (resyncDue || pollFast.getAsBoolean()) {
            lastResync = now;
            // A timer knows nothing of what changed: no hint.
            watchers.forEach(wake -> wake.accept(Optional.empty()));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
