package io.mailfleet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs an operation a fixed number of times on a fixed number of threads and summarises it. */
final class Throughput {

    interface Operation {
        void run(int index) throws Exception;
    }

    record Result(String name, int operations, int threads, double seconds, long[] latenciesNanos) {

        double perSecond() {
            return operations / seconds;
        }

        double percentileMillis(double percentile) {
            int index = (int) Math.min(latenciesNanos.length - 1, Math.ceil(percentile / 100 * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, index)] / 1e6;
        }

        String line() {
            return String.format("%-44s %7d ops %2d thr %9.1f ops/s   p50 %7.2f ms   p99 %7.2f ms",
                    name, operations, threads, perSecond(), percentileMillis(50), percentileMillis(99));
        }
    }

    private Throughput() {
    }

    static Result measure(String name, int operations, int threads, Operation operation) throws Exception {
        long[] latencies = new long[operations];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                        long began = System.nanoTime();
                        operation.run(i);
                        latencies[i] = System.nanoTime() - began;
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Result(name, operations, threads, seconds, latencies);
    }
}
