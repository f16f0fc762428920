package io.mailfleet.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed logins and lockouts per key (a user or a client), in a map of bounded size.
 *
 * <p>Attempts still being checked count against the failure budget: otherwise a burst of parallel
 * connections would all pass the lockout check before the first of their failures is recorded.
 *
 * <p>Thread-safe: each operation is a few map steps under one lock; the slow password check
 * happens between {@link #admit} and its outcome, outside it.
 */
final class FailureTracker {

    /** The wait when only attempts still in progress fill the budget: they finish within milliseconds. */
    static final Duration IN_FLIGHT_RETRY = Duration.ofSeconds(1);

    private final int maxFailures;
    private final long windowMillis;
    private final Duration firstLockout;
    private final Duration maxLockout;
    private final Map<String, Entry> entries;

    FailureTracker(int maxFailures, ThrottlePolicy policy) {
        this.maxFailures = maxFailures;
        this.windowMillis = policy.window().toMillis();
        this.firstLockout = policy.firstLockout();
        this.maxLockout = policy.maxLockout();
        int maxKeys = policy.maxTrackedKeys();
        // Access order: a key someone keeps trying stays; the key nobody touched for longest goes first.
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Empty when an attempt for the key may go ahead; then {@link #failed}, {@link #reset} or {@link #release} must follow. */
    synchronized Optional<Duration> admit(String key, Instant now) {
        long t = now.toEpochMilli();
        Entry entry = entries.get(key);
        if (entry != null && isExpired(entry, t)) {
            entries.remove(key);
            entry = null;
        }
        if (entry != null && entry.lockedUntil > t) {
            return Optional.of(Duration.ofMillis(entry.lockedUntil - t));
        }
        if (entry != null && failuresInWindow(entry, t) + entry.inFlight >= maxFailures) {
            return Optional.of(IN_FLIGHT_RETRY);
        }
        if (entry == null) {
            entry = new Entry();
            entries.put(key, entry);
        }
        entry.inFlight++;
        dropExpiredEldest(t);
        return Optional.empty();
    }

    /** An admitted attempt failed: counts towards the budget and locks the key out when it is spent. */
    synchronized void failed(String key, Instant now) {
        long t = now.toEpochMilli();
        Entry entry = entries.computeIfAbsent(key, k -> new Entry());
        entry.inFlight = Math.max(0, entry.inFlight - 1);
        if (failuresInWindow(entry, t) == 0) {
            entry.failures = 0;
            entry.windowStart = t;
        }
        entry.failures++;
        entry.lastFailure = t;
        if (entry.failures >= maxFailures) {
            entry.lockouts++;
            entry.lockedUntil = t + lockout(entry.lockouts).toMillis();
            entry.failures = 0;
        }
        dropExpiredEldest(t);
    }

    /** An admitted attempt succeeded for the key: its failures and lockout history are forgotten. */
    synchronized void reset(String key) {
        entries.remove(key);
    }

    /** An admitted attempt ended without counting as a failure. */
    synchronized void release(String key, Instant now) {
        long t = now.toEpochMilli();
        Entry entry = entries.get(key);
        if (entry != null) {
            entry.inFlight = Math.max(0, entry.inFlight - 1);
            if (isExpired(entry, t)) {
                entries.remove(key);
            }
        }
        dropExpiredEldest(t);
    }

    synchronized int size() {
        return entries.size();
    }

    private Duration lockout(int lockouts) {
        Duration doubled = firstLockout.multipliedBy(1L << Math.min(lockouts - 1, 30));
        return doubled.compareTo(maxLockout) > 0 ? maxLockout : doubled;
    }

    private int failuresInWindow(Entry entry, long t) {
        return entry.failures > 0 && t - entry.windowStart < windowMillis ? entry.failures : 0;
    }

    /** Nothing left to remember: nothing in progress, no lockout running, no failure within the window. */
    private boolean isExpired(Entry entry, long t) {
        if (entry.inFlight > 0 || entry.lockedUntil > t) {
            return false;
        }
        boolean hasHistory = entry.failures > 0 || entry.lockouts > 0;
        return !hasHistory || t - entry.lastFailure >= windowMillis;
    }

    /** Keeps the map small between floods; amortised constant time, as each entry is removed once. */
    private void dropExpiredEldest(long t) {
        Iterator<Entry> eldestFirst = entries.values().iterator();
        while (eldestFirst.hasNext() && isExpired(eldestFirst.next(), t)) {
            eldestFirst.remove();
        }
    }

    /** Epoch milliseconds rather than Instants: up to maxTrackedKeys of these live at once. */
    private static final class Entry {
        int failures;
        int inFlight;
        int lockouts;
        long windowStart;
        long lastFailure;
        long lockedUntil = Long.MIN_VALUE;
    }
}
