package io.mailfleet.local;

import io.mailfleet.testing.process.LocalServers;
import io.mailfleet.testing.process.ServerClasspath;
import io.mailfleet.testing.process.ServerProcess;
import io.mailfleet.testing.process.ServerStartException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./mailfleet up [--scale SERVICE=N] [--with-prometheus]}: starts the servers with data kept
 * under the data folder, provisions them, starts the services, N instances of each scaled one (and
 * Prometheus), and runs until Ctrl-C or
 * {@code ./mailfleet down}, then stops everything it started.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        LocalStackSettings settings = LocalStackSettings.fromEnvironment(ServerClasspath.projectHome(), System.getenv());
        Map<String, Integer> scale;
        try {
            scale = LocalServices.scale(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("mailfleet: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path pidFile = settings.runDir().resolve("mailfleet.pid");
        claimPidFile(pidFile);

        long startedAt = System.nanoTime();
        System.out.println("mailfleet: starting Kafka, Cassandra and S3Proxy (data in " + settings.dataDir() + ")");
        LocalServers servers;
        try {
            servers = LocalServers.start(settings.servers());
        } catch (ServerStartException e) {
            fail(pidFile, e.getMessage());
            return;
        }
        LocalServices started = null;
        String adminToken;
        try {
            Provisioning.run(servers, settings);
            adminToken = AdminToken.loadOrCreate(settings.adminTokenFile());
            started = LocalServices.start(ServerClasspath.projectHome(), settings, servers,
                    new LocalService.Launch(adminToken, LocalCertificate.loadOrCreate(settings.tlsDir())), scale);
            LocalSeed.run(new AdminClient("http://127.0.0.1:" + settings.adminPort(), adminToken));
        } catch (RuntimeException | IOException e) {
            if (started != null) {
                started.close();
            }
            servers.close();
            fail(pidFile, "start failed: " + e.getMessage());
            return;
        }

        LocalServices services = started;
        ServerProcess prometheus = null;
        if (List.of(args).contains("--with-prometheus")) {
            int port = Integer.parseInt(System.getenv().getOrDefault("MAILFLEET_PROMETHEUS_PORT", "9090"));
            try {
                prometheus = LocalPrometheus.start(ServerClasspath.projectHome(), settings.dataDir(), port, services.running());
            } catch (RuntimeException | IOException e) {
                services.close();
                servers.close();
                fail(pidFile, "Prometheus did not start: " + e.getMessage());
                return;
            }
            System.out.println("mailfleet: Prometheus on http://127.0.0.1:" + port + " with the alert rules of deploy/prometheus");
        }
        ServerProcess startedPrometheus = prometheus;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nmailfleet: stopping");
            if (startedPrometheus != null) {
                startedPrometheus.close();
            }
            services.close();
            servers.close();
            deleteQuietly(pidFile);
            System.out.println("mailfleet: stopped");
            stopped.countDown();
        }, "mailfleet-stop"));

        Path endpoints = StackReport.writeEndpoints(settings, servers);
        System.out.print(StackReport.describe(settings, servers, services, adminToken, endpoints,
                (System.nanoTime() - startedAt) / 1e9));
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

    private static void fail(Path pidFile, String message) {
        deleteQuietly(pidFile);
        System.err.println("mailfleet: " + message);
        System.exit(1);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A stale pid file is recognised as stale by the next start.
        }
    }
}
