package io.mailfleet.quarkus.health;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundChecksTest {

    private static final Duration INTERVAL = Duration.ofMillis(20);
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    @Test
    void aHangingCheckReadsDownAfterItsTimeoutWhileTheOthersKeepTheirOwnResults() throws Exception {
        CountDownLatch frozen = new CountDownLatch(1);
        Map<String, BackendProbes.Probe> probes = new LinkedHashMap<>();
        probes.put("frozen", frozen::await);
        probes.put("failing", () -> {
            throw new IllegalStateException("connection refused");
        });
        probes.put("fine", () -> { });
        try (BackgroundChecks checks = new BackgroundChecks(probes, INTERVAL, TIMEOUT)) {
            assertThat(await(() -> checks.latest().get("frozen").detail().startsWith("no answer"))).isTrue();
            assertThat(checks.latest()).containsExactly(
                    Map.entry("frozen", new BackgroundChecks.Result(false, "no answer within 200 ms")),
                    Map.entry("failing", new BackgroundChecks.Result(false, "connection refused")),
                    Map.entry("fine", new BackgroundChecks.Result(true, "")));
        } finally {
            frozen.countDown();
        }
    }

    @Test
    void downUntilTheFirstAnswerThenFollowsTheDependency() throws Exception {
        CountDownLatch firstAnswer = new CountDownLatch(1);
        AtomicBoolean reachable = new AtomicBoolean(true);
        BackendProbes.Probe probe = () -> {
            firstAnswer.await();
            if (!reachable.get()) {
                throw new IllegalStateException("unreachable");
            }
        };
        try (BackgroundChecks checks = new BackgroundChecks(Map.of("store", probe), INTERVAL, Duration.ofSeconds(5))) {
            assertThat(checks.latest().get("store")).isEqualTo(new BackgroundChecks.Result(false, "not checked yet"));
            firstAnswer.countDown();
            assertThat(await(() -> checks.latest().get("store").up())).isTrue();
            reachable.set(false);
            assertThat(await(() -> !checks.latest().get("store").up())).isTrue();
            reachable.set(true);
            assertThat(await(() -> checks.latest().get("store").up())).isTrue();
        }
    }

    @Test
    void eachCheckIsExportedAsAGaugeOfItsLastResult() throws Exception {
        AtomicBoolean reachable = new AtomicBoolean(true);
        Map<String, BackendProbes.Probe> probes = new LinkedHashMap<>();
        probes.put("cassandra", () -> { });
        probes.put("s3", () -> {
            if (!reachable.get()) {
                throw new IllegalStateException("unreachable");
            }
        });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BackgroundChecks checks = new BackgroundChecks(probes, INTERVAL, TIMEOUT).exportTo(registry)) {
            assertThat(await(() -> up(registry, "cassandra") == 1 && up(registry, "s3") == 1)).isTrue();
            reachable.set(false);
            assertThat(await(() -> up(registry, "s3") == 0)).isTrue();
            assertThat(up(registry, "cassandra")).isEqualTo(1);
        }
    }

    private static double up(SimpleMeterRegistry registry, String backend) {
        return registry.get("mailfleet.backend.up").tag("backend", backend).gauge().value();
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
