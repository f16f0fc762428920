package io.mailfleet.server;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Admits connections within the limits: in total, at once per client address, and new ones per
 * client address per minute. Memory stays bounded: addresses with no open connection and none in
 * the last minute are swept out whenever more than {@link #SWEEP_ABOVE} are tracked, and no more
 * than {@link #MAX_TRACKED} are ever tracked (a new address beyond that is refused).
 */
public final class ConnectionGate {

    private static final long MINUTE_MILLIS = 60_000;
    static final int SWEEP_ABOVE = 10_000;
    static final int MAX_TRACKED = 200_000;

    private final int maxTotal;
    private final int maxPerAddress;
    private final int maxRatePerAddress;
    private final Clock clock;
    private final Map<String, Usage> byAddress = new HashMap<>();
    private int open;

    public ConnectionGate(int maxTotal, int maxPerAddress, int maxRatePerAddress, Clock clock) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.maxRatePerAddress = maxRatePerAddress;
        this.clock = clock;
    }

    /** Admits a connection (call {@link #release} when it closes), or false when a limit is reached. */
    public synchronized boolean admit(String address) {
        long now = clock.millis();
        if (!byAddress.containsKey(address) && byAddress.size() >= SWEEP_ABOVE) {
            byAddress.values().removeIf(tracked -> {
                tracked.forgetBefore(now - MINUTE_MILLIS);
                return tracked.isIdle();
            });
            if (byAddress.size() >= MAX_TRACKED) {
                return false;
            }
        }
        Usage usage = byAddress.computeIfAbsent(address, key -> new Usage());
        usage.forgetBefore(now - MINUTE_MILLIS);
        if (open >= maxTotal || usage.open >= maxPerAddress || usage.recent.size() >= maxRatePerAddress) {
            if (usage.isIdle()) {
                byAddress.remove(address);
            }
            return false;
        }
        open++;
        usage.open++;
        usage.recent.addLast(now);
        return true;
    }

    public synchronized void release(String address) {
        open--;
        Usage usage = byAddress.get(address);
        if (usage != null) {
            usage.open--;
            usage.forgetBefore(clock.millis() - MINUTE_MILLIS);
            if (usage.isIdle()) {
                byAddress.remove(address);
            }
        }
    }

    synchronized int open() {
        return open;
    }

    synchronized int trackedAddresses() {
        return byAddress.size();
    }

    private static final class Usage {
        private int open;
        private final Deque<Long> recent = new ArrayDeque<>();

        void forgetBefore(long cutoff) {
            while (!recent.isEmpty() && recent.peekFirst() < cutoff) {
                recent.removeFirst();
            }
        }

        boolean isIdle() {
            return open == 0 && recent.isEmpty();
        }
    }
}
