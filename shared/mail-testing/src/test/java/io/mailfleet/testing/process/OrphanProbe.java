package io.mailfleet.testing.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A JVM that starts a long-running child through {@link ServerProcess}, prints its pid and waits to be killed. */
public final class OrphanProbe {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ServerProcess server = ServerProcess.start("sleeper", List.of(), List.of("sleep", "300"), dir,
                dir.resolve("sleeper.log"), Duration.ofSeconds(5));
        server.awaitReady(Duration.ofSeconds(10), () -> server.processes().stream()
                .anyMatch(p -> p.info().command().orElse("").endsWith("sleep")));
        long sleeper = server.processes().stream()
                .filter(p -> p.info().command().orElse("").endsWith("sleep"))
                .findFirst().orElseThrow().pid();
        System.out.println("sleeper " + sleeper);
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
}
