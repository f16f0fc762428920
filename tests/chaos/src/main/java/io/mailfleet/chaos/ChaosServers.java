package io.mailfleet.chaos;

import io.mailfleet.testing.CassandraEndpoint;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.KafkaEndpoint;
import io.mailfleet.testing.S3Endpoint;
import io.mailfleet.testing.process.CassandraServer;
import io.mailfleet.testing.process.CommitLogSync;
import io.mailfleet.testing.process.ConfigFiles;
import io.mailfleet.testing.process.KafkaServer;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.S3ProxyServer;
import io.mailfleet.testing.process.ServerProcess;
import io.mailfleet.testing.process.ServerStartException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Kafka, Cassandra and S3Proxy as processes of this run alone (never servers other tests share),
 * on ports chosen once, so that a server stopped in any way comes back where the services expect
 * it, with its data.
 */
final class ChaosServers implements Infrastructure {

    /** The servers the fault scheduler picks from. */
    enum Server { KAFKA, CASSANDRA, S3 }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final int START_ATTEMPTS = 3;

    private final Path dir;
    private final RunCpu cpu;
    private final boolean cassandraUnsafeSystem;
    private final boolean quickKafka;
    private final int kafkaPort = Ports.free();
    private final int kafkaControllerPort = Ports.free();
    private final int cassandraPort = Ports.free();
    private final int cassandraStoragePort = Ports.free();
    private final int s3Port = Ports.free();
    private final String s3AccessKey = "chaos";
    private final String s3SecretKey = "chaos-run-secret";

    private KafkaServer kafka;
    private CassandraServer cassandra;
    private S3ProxyServer s3;

    /**
     * Cassandra gets the tests' quick start (no cluster waits, the JIT's first tier) in every run,
     * also when it is killed: a restart is a start again, inside the load.
     *
     * @param cassandraKilled whether a fault kills Cassandra with SIGKILL: the tests' non-durable system
     *                        tables ({@code cassandra.unsafesystem}) lost the keyspace's schema to a SIGKILL
     *                        (seen in a run); they survive a SIGTERM, which flushes on the way down, and
     *                        are used otherwise
     * @param quickKafka      Kafka runs the JIT's first tier only, as the tests' Kafka does: the least CPU
     *                        for a short run, in which it starts twice; a long run's steady state wants
     *                        the full JIT
     */
    ChaosServers(Path dir, boolean cassandraKilled, boolean quickKafka, RunCpu cpu) {
        this.dir = ConfigFiles.directory(dir);
        this.cpu = cpu;
        this.cassandraUnsafeSystem = !cassandraKilled;
        this.quickKafka = quickKafka;
    }

    /** Starts the three side by side, as the harness does: Cassandra's start is the longest. */
    void startAll() {
        java.util.Arrays.stream(Server.values()).map(server -> java.util.concurrent.CompletableFuture.runAsync(() -> start(server)))
                .toList().forEach(java.util.concurrent.CompletableFuture::join);
    }

    /**
     * Starts a server, trying again when it does not come up in time: on a machine shared by many
     * builds, even Kafka's storage format can outlast the harness's bound.
     */
    void start(Server server) {
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce(server);
                return;
            } catch (ServerStartException e) {
                if (attempt == START_ATTEMPTS) {
                    throw e;
                }
                System.out.println("[chaos] " + server + " did not start (" + e.getMessage().lines().findFirst().orElse("")
                        + "); trying again");
            }
        }
    }

    private void startOnce(Server server) {
        Path logs = ConfigFiles.directory(dir.resolve("logs"));
        switch (server) {
            case KAFKA -> {
                KafkaServer started = KafkaServer.start(dir.resolve("kafka"), logs.resolve("kafka.log"), kafkaPort,
                        kafkaControllerPort, quickKafka, START_TIMEOUT);
                synchronized (this) {
                    kafka = started;
                }
            }
            case CASSANDRA -> {
                CassandraServer started = CassandraServer.start(dir.resolve("cassandra"), logs.resolve("cassandra.log"),
                        cassandraPort, cassandraStoragePort, true, cassandraUnsafeSystem, CommitLogSync.durable(), START_TIMEOUT);
                synchronized (this) {
                    cassandra = started;
                }
            }
            case S3 -> {
                S3ProxyServer started = S3ProxyServer.start(dir.resolve("s3"), logs.resolve("s3proxy.log"), s3Port, s3AccessKey,
                        s3SecretKey, false, START_TIMEOUT);
                synchronized (this) {
                    s3 = started;
                }
            }
        }
    }

    /** SIGTERM (through the process's watchdog) or SIGKILL, then a start on the same ports and data. */
    void restart(Server server, Signal signal) {
        ServerProcess process = process(server);
        cpu.add(process.name(), process.processes());
        if (signal == Signal.KILL) {
            Signal.KILL.send(process.processes());
        }
        process.close();
        start(server);
    }

    /** SIGSTOP for {@code length}, then SIGCONT: a hung server that keeps its sockets open. */
    void freeze(Server server, Duration length) throws InterruptedException {
        List<ProcessHandle> processes = process(server).processes();
        Signal.STOP.send(processes);
        try {
            Thread.sleep(length.toMillis());
        } finally {
            Signal.CONT.send(processes);
        }
    }

    private synchronized ServerProcess process(Server server) {
        return switch (server) {
            case KAFKA -> kafka.process();
            case CASSANDRA -> cassandra.process();
            case S3 -> s3.process();
        };
    }

    @Override
    public KafkaEndpoint kafka() {
        return new KafkaEndpoint("127.0.0.1:" + kafkaPort);
    }

    @Override
    public CassandraEndpoint cassandra() {
        return new CassandraEndpoint("127.0.0.1", cassandraPort, CassandraServer.DATACENTER);
    }

    @Override
    public S3Endpoint s3() {
        return new S3Endpoint("http://127.0.0.1:" + s3Port, s3AccessKey, s3SecretKey, S3ProxyServer.REGION);
    }

    @Override
    public String mode() {
        return "processes";
    }

    Path logDirectory() {
        return dir.resolve("logs");
    }

    /** All three at once: the run is over. */
    @Override
    public void close() {
        List<ServerProcess> running;
        synchronized (this) {
            running = java.util.stream.Stream.of(kafka == null ? null : kafka.process(), cassandra == null ? null : cassandra.process(),
                    s3 == null ? null : s3.process()).filter(java.util.Objects::nonNull).toList();
        }
        running.stream().map(server -> java.util.concurrent.CompletableFuture.runAsync(() -> {
            cpu.add(server.name(), server.processes());
            server.close();
        })).toList().forEach(java.util.concurrent.CompletableFuture::join);
    }
}
