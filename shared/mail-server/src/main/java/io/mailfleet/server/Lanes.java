package io.mailfleet.server;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bounded executor per {@link Lane}: a fixed number of threads and a bounded queue, so that a
 * flood of work is refused (and answered with the protocol's temporary error) instead of growing
 * without limit.
 */
public final class Lanes implements AutoCloseable {

    private static final int QUEUE = 10_000;

    private final Map<Lane, ExecutorService> executors = new EnumMap<>(Lane.class);

    public Lanes(int loginThreads, int metadataThreads, int bodyThreads) {
        executors.put(Lane.LOGIN, bounded("login", loginThreads));
        executors.put(Lane.METADATA, bounded("metadata", metadataThreads));
        executors.put(Lane.BODY, bounded("body", bodyThreads));
    }

    public ExecutorService executor(Lane lane) {
        return executors.get(lane);
    }

    @Override
    public void close() {
        executors.values().forEach(ExecutorService::shutdownNow);
    }

    private static ExecutorService bounded(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), runnable -> {
            Thread thread = new Thread(runnable, "mail-" + name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
