package io.mailfleet.local;

import io.mailfleet.testing.process.LocalServers;
import io.mailfleet.testing.process.ServerClasspath;
import io.mailfleet.testing.process.ServerStartException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./mailfleet up}: starts the servers with data kept under the data folder, provisions
 * them, and runs until Ctrl-C or {@code ./mailfleet down}, then stops everything it started.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        LocalStackSettings settings = LocalStackSettings.fromEnvironment(ServerClasspath.projectHome(), System.getenv());
        Path pidFile = settings.runDir().resolve("mailfleet.pid");
        claimPidFile(pidFile);

        long started = System.nanoTime();
        System.out.println("mailfleet: starting Kafka, Cassandra and S3Proxy (data in " + settings.dataDir() + ")");
        LocalServers servers;
        try {
            servers = LocalServers.start(settings.servers());
            Provisioning.run(servers, settings);
        } catch (ServerStartException e) {
            Files.deleteIfExists(pidFile);
            System.err.println("mailfleet: " + e.getMessage());
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nmailfleet: stopping");
            servers.close();
            deleteQuietly(pidFile);
            System.out.println("mailfleet: stopped");
            stopped.countDown();
        }, "mailfleet-stop"));

        Path endpoints = StackReport.writeEndpoints(settings, servers);
        System.out.print(StackReport.describe(settings, servers, endpoints, (System.nanoTime() - started) / 1e9));
        stopped.await();
    }

    /** One stack per data folder: a second {@code up} would fight the first over ports and files. */
    private static void claimPidFile(Path pidFile) throws IOException {
        Files.createDirectories(pidFile.getParent());
        if (Files.exists(pidFile)) {
            String pid = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
            boolean alive = !pid.isEmpty() && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
            if (alive) {
                System.err.println("mailfleet: already running (pid " + pid + "); stop it with ./mailfleet down");
                System.exit(1);
            }
        }
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A stale pid file is recognised as stale by the next start.
        }
    }
}
