package io.mailfleet.testing.process;

import io.mailfleet.testing.CassandraEndpoint;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.KafkaEndpoint;
import io.mailfleet.testing.S3Endpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Kafka, Cassandra and S3Proxy as local processes, started together and stopped together. */
public final class LocalServers implements Infrastructure {

    /**
     * Bounds on a start that has gone wrong, not expectations: on a machine whose two cores are shared
     * by several builds a broker has taken two minutes to become ready, where 5 s is usual.
     */
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration CASSANDRA_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration S3_TIMEOUT = Duration.ofSeconds(180);

    private final LocalServerSettings settings;
    private final KafkaServer kafka;
    private final CassandraServer cassandra;
    private final S3ProxyServer s3;
    private final Map<String, Duration> startTimes;

    private LocalServers(LocalServerSettings settings, KafkaServer kafka, CassandraServer cassandra, S3ProxyServer s3,
                         Map<String, Duration> startTimes) {
        this.settings = settings;
        this.kafka = kafka;
        this.cassandra = cassandra;
        this.s3 = s3;
        this.startTimes = startTimes;
    }

    /**
     * Starts the three servers side by side. If any fails, the others are stopped again and the
     * failure, with that server's log tail, is thrown.
     */
    public static LocalServers start(LocalServerSettings settings) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(settings);
            } catch (ServerStartException e) {
                if (attempt == 3 || !choosesPorts(settings) || !lostAPortRace(e)) {
                    throw e;
                }
            }
        }
    }

    /** Free ports are picked before the servers bind them; another process may take one in between. */
    private static boolean choosesPorts(LocalServerSettings settings) {
        return settings.kafkaPort() == 0 && settings.kafkaControllerPort() == 0 && settings.cassandraPort() == 0
                && settings.cassandraStoragePort() == 0 && settings.s3Port() == 0;
    }

    private static boolean lostAPortRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("Address already in use") || message.contains("already in use on 127.0.0.1")) {
                return true;
            }
        }
        return java.util.Arrays.stream(failure.getSuppressed()).anyMatch(LocalServers::lostAPortRace);
    }

    private static LocalServers startOnce(LocalServerSettings settings) {
        Path base = ConfigFiles.directory(settings.baseDir());
        Path logs = ConfigFiles.directory(base.resolve("logs"));
        int kafkaPort = Ports.orFree(settings.kafkaPort());
        int controllerPort = Ports.orFree(settings.kafkaControllerPort());
        int cassandraPort = Ports.orFree(settings.cassandraPort());
        int storagePort = Ports.orFree(settings.cassandraStoragePort());
        int s3Port = Ports.orFree(settings.s3Port());
        Ports.requireUnused("Kafka", kafkaPort);
        Ports.requireUnused("Kafka controller", controllerPort);
        Ports.requireUnused("Cassandra", cassandraPort);
        Ports.requireUnused("Cassandra storage", storagePort);
        Ports.requireUnused("S3", s3Port);

        Map<String, Duration> startTimes = new ConcurrentHashMap<>();
        CompletableFuture<KafkaServer> kafka = async(() -> timed("kafka", startTimes, () -> KafkaServer.start(
                base.resolve("kafka"), logs.resolve("kafka.log"), kafkaPort, controllerPort, settings.quickStart(), KAFKA_TIMEOUT)));
        CompletableFuture<CassandraServer> cassandra = async(() -> timed("cassandra", startTimes, () -> CassandraServer.start(
                base.resolve("cassandra"), logs.resolve("cassandra.log"), cassandraPort, storagePort,
                settings.quickStart(), CASSANDRA_TIMEOUT)));
        CompletableFuture<S3ProxyServer> s3 = async(() -> timed("s3proxy", startTimes, () -> S3ProxyServer.start(
                base.resolve("s3"), logs.resolve("s3proxy.log"), s3Port, settings.s3AccessKey(),
                settings.s3SecretKey(), settings.inMemoryS3(), S3_TIMEOUT)));

        List<Throwable> failures = new ArrayList<>();
        List<AutoCloseable> started = new ArrayList<>();
        for (CompletableFuture<? extends AutoCloseable> server : List.of(kafka, cassandra, s3)) {
            try {
                started.add(server.join());
            } catch (CompletionException e) {
                failures.add(e.getCause());
            }
        }
        if (!failures.isEmpty()) {
            started.forEach(LocalServers::closeQuietly);
            if (settings.deleteOnClose()) {
                ConfigFiles.deleteRecursively(base);
            }
            ServerStartException failure = new ServerStartException("local servers did not start: "
                    + failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
        return new LocalServers(settings, kafka.join(), cassandra.join(), s3.join(), Map.copyOf(startTimes));
    }

    private static <T> CompletableFuture<T> async(Supplier<T> start) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(start.get());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }, "mailfleet-servers");
        thread.setDaemon(true);
        thread.start();
        return future;
    }

    @Override
    public KafkaEndpoint kafka() {
        return kafka.endpoint();
    }

    @Override
    public CassandraEndpoint cassandra() {
        return cassandra.endpoint();
    }

    @Override
    public S3Endpoint s3() {
        return s3.endpoint();
    }

    @Override
    public String mode() {
        return "processes";
    }

    /** The server processes, for reports and for checks that nothing outlives a stop. */
    public List<ServerProcess> processes() {
        return List.of(kafka.process(), cassandra.process(), s3.process());
    }

    /** The process ids of each server (its watchdog and JVM), for tests that freeze a server to simulate an outage. */
    public Map<String, List<Long>> pids() {
        Map<String, List<Long>> pids = new java.util.TreeMap<>();
        for (ServerProcess process : processes()) {
            pids.put(process.name(), process.processes().stream().map(ProcessHandle::pid).toList());
        }
        return pids;
    }

    public KafkaServer.Layout kafkaLayout() {
        return kafka.layout();
    }

    /** How long each server took from launch to ready, for reports. */
    public Map<String, Duration> startTimes() {
        return startTimes;
    }

    /** Resident memory of each server's processes in bytes, where the system tells it (Linux). */
    public Map<String, Long> residentBytes() {
        Map<String, Long> rss = new java.util.TreeMap<>();
        for (ServerProcess process : processes()) {
            rss.put(process.name(), process.processes().stream().mapToLong(ProcessMemory::residentBytes).sum());
        }
        return rss;
    }

    public Path logDirectory() {
        return settings.baseDir().resolve("logs");
    }

    /** Stops the three servers in parallel, each SIGTERM first, and deletes test data. */
    @Override
    public synchronized void close() {
        CompletableFuture.allOf(
                async(() -> stop(kafka)),
                async(() -> stop(cassandra)),
                async(() -> stop(s3))).join();
        if (settings.deleteOnClose()) {
            ConfigFiles.deleteRecursively(settings.baseDir());
        }
    }

    private static <T> T timed(String name, Map<String, Duration> times, Supplier<T> start) {
        long began = System.nanoTime();
        T server = start.get();
        times.put(name, Duration.ofNanos(System.nanoTime() - began));
        return server;
    }

    private static Void stop(AutoCloseable server) {
        closeQuietly(server);
        return null;
    }

    private static void closeQuietly(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception ignored) {
            // Stopping after a failed start; the start failure is what gets reported.
        }
    }
}
