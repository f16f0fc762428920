package io.mailfleet.testing;

import io.mailfleet.testing.containers.ContainerServers;
import io.mailfleet.testing.process.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The servers a build shares: started once, found again by the next test JVM that attaches, and
 * stopped by their host as soon as the build's process is gone, though nothing closed them. A
 * {@code sleep} process stands in for the build, so that the test can end it.
 */
class BuildServersIT {

    @Test
    void aLaterAttachReusesTheServersAndNothingOutlivesTheBuild(@TempDir Path dir) throws Exception {
        assumeTrue(BuildServers.enabled(InfrastructureMode.resolve(ContainerServers::dockerAvailable)),
                "the servers run as containers: no build-wide processes");
        Process build = new ProcessBuilder("sleep", "600").start();
        try {
            BuildServers first = BuildServers.attach(build.toHandle(), dir);
            BuildServers again = BuildServers.attach(build.toHandle(), dir);

            RunningServers servers = first.servers();
            assertThat(again.servers()).isEqualTo(servers);
            int kafka = Integer.parseInt(servers.kafka().bootstrapServers().split(":")[1]);
            assertThat(TestInfrastructure.listening(servers)).as("every server accepts connections").isTrue();
            List<ProcessHandle> processes = new ArrayList<>(List.of(ProcessHandle.of(first.hostPid()).orElseThrow()));
            servers.pids().values().forEach(pids -> pids.forEach(pid -> processes.add(ProcessHandle.of(pid).orElseThrow())));

            build.destroy();
            for (ProcessHandle process : processes) {
                assertThat(process.onExit().get(120, TimeUnit.SECONDS).isAlive()).as("process " + process.pid() + " of the host or its servers").isFalse();
            }
            assertThat(Ports.accepts("127.0.0.1", kafka)).as("kafka after the build").isFalse();
            assertThat(Ports.accepts(servers.cassandra().host(), servers.cassandra().port())).as("cassandra after the build").isFalse();
            assertThat(dir.resolve("servers.properties")).as("the state of a stopped host").doesNotExist();
        } finally {
            build.destroyForcibly();
        }
    }
}
