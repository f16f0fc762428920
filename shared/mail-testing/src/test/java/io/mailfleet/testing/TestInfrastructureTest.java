package io.mailfleet.testing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the shared servers are handed out again: only while every server's first process (its
 * watchdog) runs and none of its processes is stopped. {@code sleep} processes stand in for them.
 */
class TestInfrastructureTest {

    @Test
    void runningProcessesAreUntouchedAndStoppedOrDeadOnesAreNot() throws Exception {
        Process watchdog = new ProcessBuilder("sleep", "60").start();
        Process server = new ProcessBuilder("sleep", "60").start();
        try {
            Map<String, List<Long>> pids = Map.of("kafka", List.of(watchdog.pid(), server.pid()));
            assertThat(TestInfrastructure.untouched(pids)).as("both running").isTrue();

            signal("-STOP", server.pid());
            assertThat(TestInfrastructure.untouched(pids)).as("the server frozen").isFalse();
            signal("-CONT", server.pid());
            assertThat(TestInfrastructure.untouched(pids)).as("thawed again").isTrue();

            watchdog.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(TestInfrastructure.untouched(pids)).as("the watchdog gone with its server").isFalse();
        } finally {
            watchdog.destroyForcibly();
            server.destroyForcibly();
        }
    }

    /** Waits until the kernel shows the state a signal asked for, as it takes effect asynchronously. */
    private static void signal(String signal, long pid) throws Exception {
        new ProcessBuilder("kill", signal, Long.toString(pid)).start().waitFor();
        boolean wantStopped = signal.equals("-STOP");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (TestInfrastructure.untouched(Map.of("probe", List.of(pid))) == wantStopped && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
