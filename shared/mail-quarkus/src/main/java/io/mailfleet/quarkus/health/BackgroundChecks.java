package io.mailfleet.quarkus.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Dependency checks run in the background on a schedule, each with its own timeout, so that a
 * health probe only reads the last results and answers at once, whatever the dependencies do: a
 * frozen server makes its check time out and read DOWN, instead of making the probe hang past the
 * prober's own timeout. A check still hanging is not started again until it returns, so a frozen
 * dependency holds one thread, not one per round.
 */
public final class BackgroundChecks implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** One check's last outcome; {@code detail} says why it is down. */
    public record Result(boolean up, String detail) {
        static final Result NOT_YET = new Result(false, "not checked yet");
    }

    private final Map<String, BackendProbes.Probe> probes;
    private final Duration timeout;
    private final Map<String, Result> latest = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;

    /** Starts checking at once; the probes run in the map's order of names in the results. */
    public BackgroundChecks(Map<String, BackendProbes.Probe> probes, Duration interval, Duration timeout) {
        this.probes = new LinkedHashMap<>(probes);
        this.timeout = timeout;
        this.probes.keySet().forEach(name -> latest.put(name, Result.NOT_YET));
        // Only starts rounds, which run on the workers: no check waits on this thread for another.
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("health-schedule"));
        this.workers = Executors.newCachedThreadPool(daemon("health-check"));
        this.probes.keySet().forEach(name -> scheduler.scheduleWithFixedDelay(() -> check(name), 0, interval.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    public static BackgroundChecks withDefaults(Map<String, BackendProbes.Probe> probes) {
        return new BackgroundChecks(probes, DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
    }

    /** The last result of every check, by name, in the order they were given. */
    public Map<String, Result> latest() {
        Map<String, Result> results = new LinkedHashMap<>();
        probes.keySet().forEach(name -> results.put(name, latest.get(name)));
        return results;
    }

    /**
     * Publishes each check's last result as {@code mailfleet_backend_up{backend}}, 1 for up and 0
     * for down: the state readiness reports, kept in Prometheus, so that an instance taken out of
     * its Service is alerted on with the dependency it is waiting for.
     */
    public BackgroundChecks exportTo(MeterRegistry registry) {
        probes.keySet().forEach(name -> Gauge.builder("mailfleet.backend.up", this, checks -> checks.latest.get(name).up() ? 1 : 0)
                .description("Whether the dependency answered its last background check (1) or not (0)")
                .tags("backend", name).strongReference(true).register(registry));
        return this;
    }

    /** Up when every check's last result is; each one's state is in the response data. */
    public HealthCheckResponse report(String name) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name).up();
        latest().forEach((check, result) -> {
            if (result.up()) {
                response.withData(check, "UP");
            } else {
                response.down().withData(check, "DOWN: " + result.detail());
            }
        });
        return response.build();
    }

    /**
     * Starts one round of one check unless its last round still runs; the round's outcome is recorded
     * when it ends or times out, so no thread waits for it. A round still running past its timeout
     * reads DOWN and keeps this check from starting again until it returns.
     */
    private void check(String name) {
        CompletableFuture<Void> previous = running.get(name);
        if (previous != null && !previous.isDone()) {
            return;
        }
        CompletableFuture<Void> attempt = CompletableFuture.runAsync(() -> {
            try {
                probes.get(name).run();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, workers);
        running.put(name, attempt);
        // A copy times out, so that the attempt itself stays running (and this check held) while the probe hangs.
        attempt.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((done, failure) ->
                latest.put(name, failure == null ? new Result(true, "") : failed(failure)));
    }

    private Result failed(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException) {
            return new Result(false, "no answer within " + timeout.toMillis() + " ms");
        }
        return new Result(false, cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
