package io.mailfleet.testing.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerProcessTest {

    @TempDir
    Path dir;

    @Test
    void aServerThatDiesBeforeItIsReadyFailsWithItsLogTail() {
        ServerProcess server = ServerProcess.start("crasher", List.of(),
                List.of("sh", "-c", "echo 'binding port 1234'; echo 'FATAL: address in use' >&2; exit 3"),
                dir, dir.resolve("crasher.log"), Duration.ofSeconds(5));
        assertThatThrownBy(() -> server.awaitReady(Duration.ofSeconds(20), () -> false))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("crasher exited with status 3")
                .hasMessageContaining("FATAL: address in use");
        server.close();
    }

    @Test
    void aServerThatNeverGetsReadyFailsAfterTheBoundWithItsLogTail() {
        try (ServerProcess server = ServerProcess.start("sloth", List.of(),
                List.of("sh", "-c", "echo 'still warming up'; exec sleep 60"),
                dir, dir.resolve("sloth.log"), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> server.awaitReady(Duration.ofMillis(800), () -> false))
                    .isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("sloth was not ready within 0 s")
                    .hasMessageContaining("still warming up");
        }
    }

    @Test
    void closeStopsTheServerAndEverythingItStarted() {
        // The sleeps outlive the shell's SIGTERM and are killed once the grace is over: a short one will do.
        ServerProcess server = ServerProcess.start("tree", List.of(),
                List.of("sh", "-c", "sleep 300 & sleep 300 & wait"), dir, dir.resolve("tree.log"), Duration.ofMillis(500));
        server.awaitReady(Duration.ofSeconds(10), () -> server.processes().size() >= 4);
        List<ProcessHandle> tree = server.processes();

        server.close();

        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(server.isAlive()).isFalse();
    }

    @Test
    void atExitTheLastStartedStopsFirst() throws Exception {
        // Each writes its name to the same file when told to stop: a service started after a server must be gone
        // before that server is told, so that it can drain against it.
        Path stops = dir.resolve("stops");
        List<ServerProcess> servers = List.of("kafka", "service").stream()
                .map(name -> ServerProcess.start(name, List.of(),
                        List.of("sh", "-c", "trap 'echo " + name + " >> " + stops + "; exit 0' TERM; echo up; while :; do sleep 0.1; done"),
                        dir, dir.resolve(name + ".log"), Duration.ofSeconds(5)))
                .toList();
        servers.forEach(server -> server.awaitReady(Duration.ofSeconds(10), () -> server.logContains("up")));

        ServerProcess.closeAllInReverse();

        assertThat(Files.readAllLines(stops)).containsExactly("service", "kafka");
    }

    @Test
    void aServerIgnoringSigtermIsKilledAfterTheGracePeriod() {
        ServerProcess server = ServerProcess.start("stubborn", List.of(),
                List.of("sh", "-c", "trap '' TERM; echo armed; while :; do sleep 1; done"),
                dir, dir.resolve("stubborn.log"), Duration.ofMillis(500));
        server.awaitReady(Duration.ofSeconds(10), () -> server.logContains("armed"));
        List<ProcessHandle> tree = server.processes();

        server.close();

        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void serversDieWithTheJvmThatStartedThemEvenOnSigkill() throws Exception {
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanProbe.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        long sleeper;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("probe output").startsWith("sleeper ");
            sleeper = Long.parseLong(line.substring("sleeper ".length()));
            assertThat(ProcessHandle.of(sleeper)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

            probe.destroyForcibly();
            assertThat(probe.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false))
                .as("child %d outlived its killed parent", sleeper).isFalse();
    }

    @Test
    void logContainsSeesOnlyWhatThisStartWrote() throws Exception {
        Path log = dir.resolve("restarted.log");
        java.nio.file.Files.writeString(log, "ready from the previous run\n");
        try (ServerProcess server = ServerProcess.start("restarted", List.of(),
                List.of("sh", "-c", "echo booting; exec sleep 60"), dir, log, Duration.ofSeconds(5))) {
            server.awaitReady(Duration.ofSeconds(10), () -> server.logContains("booting"));
            assertThat(server.logContains("ready from the previous run")).isFalse();
        }
    }
}
