package io.mailfleet.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The checks' and the set-up's requests a few at a time: each waits on a server (S3, a gateway,
 * admin-api's password hashing), and one after another they took most of the time after the load.
 */
final class Parallel {

    /** At once: enough to keep two cores busy while requests wait on the servers, few enough not to crowd them. */
    static final int WIDTH = 4;

    interface Task<T> {
        T call() throws Exception;
    }

    private Parallel() {
    }

    /** Each task's result, in the tasks' order; the first failure is thrown once all have ended. */
    static <T> List<T> run(List<Task<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WIDTH);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Task<T> task : tasks) {
                futures.add(pool.submit(task::call));
            }
            List<T> results = new ArrayList<>();
            Exception failure = null;
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    results.add(null);
                    if (failure == null) {
                        failure = e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
