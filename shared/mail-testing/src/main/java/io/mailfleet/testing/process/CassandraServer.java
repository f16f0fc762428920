package io.mailfleet.testing.process;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.mailfleet.testing.CassandraEndpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A single-node Apache Cassandra, run from its jars on a Java 17 JVM. */
public final class CassandraServer implements AutoCloseable {

    public static final String DATACENTER = "datacenter1";
    private static final String MAIN = "org.apache.cassandra.service.CassandraDaemon";

    /** The module flags Cassandra's own jvm17-server.options passes; it fails without them. */
    private static final List<String> JAVA17_MODULE_FLAGS = List.of(
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED");

    /** Waits a single node has no use for; each would add seconds to every start. */
    private static final List<String> QUICK_START_FLAGS = List.of(
            "-Dcassandra.skip_wait_for_gossip_to_settle=0",
            "-Dcassandra.superuser_setup_delay_ms=0",
            "-Dcassandra.ring_delay_ms=1000",
            "-Dcassandra.migration_delay_ms=0",
            "-Dcassandra.shutdown_announce_in_ms=0",
            "-XX:TieredStopAtLevel=1");

    private final ServerProcess process;
    private final CassandraEndpoint endpoint;

    private CassandraServer(ServerProcess process, CassandraEndpoint endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts Cassandra with its data under {@code dir}.
     *
     * @param quickStart skip cluster waits, run the JIT's first tier only, write the system tables
     *                   without durability and acknowledge writes before the commit log is synced:
     *                   starts in a third of the time and writes faster, for tests that never kill it;
     *                   long-running stacks and benchmarks pass false
     */
    public static CassandraServer start(Path dir, Path logFile, int nativePort, int storagePort,
                                        boolean quickStart, Duration timeout) {
        return start(dir, logFile, nativePort, storagePort, quickStart, quickStart,
                quickStart ? CommitLogSync.periodic() : CommitLogSync.durable(), timeout);
    }

    /**
     * @param quickStart   skip cluster waits and run the JIT's first tier only
     * @param unsafeSystem write the system tables, the schema among them, without durability
     *                     ({@code cassandra.unsafesystem}): quicker schema changes, which a SIGKILL loses
     * @param commitLog    when a write is acknowledged relative to the sync of its commit log. With periodic sync
     *                     the commit log is synced every 10 s and its sections are marked every 100 ms: a SIGKILL
     *                     loses the writes of the last unmarked section, acknowledged ones included, which a
     *                     single node cannot afford when a 250 must mean durable (a chaos run lost seven
     *                     deliveries so); {@link CommitLogSync#durable()} waits for the disk
     */
    public static CassandraServer start(Path dir, Path logFile, int nativePort, int storagePort,
                                        boolean quickStart, boolean unsafeSystem, CommitLogSync commitLog, Duration timeout) {
        String classpath = ServerClasspath.of("cassandra");
        Path yaml = ConfigFiles.write(dir.resolve("conf/cassandra.yaml"), yaml(dir, nativePort, storagePort, commitLog));
        Path logback = ConfigFiles.write(dir.resolve("conf/logback.xml"), LOGBACK);

        Path java = JavaRuntimes.java17();
        ClassDataSharing sharing = ClassDataSharing.forServer("cassandra", java, classpath);
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(sharing.flags());
        command.addAll(List.of("-Xms1G", "-Xmx1G", "-Xmn200M", "-Xss256k", "-XX:+UseG1GC",
                "-Djava.awt.headless=true", "-Djdk.attach.allowAttachSelf=true",
                "-Dio.netty.tryReflectionSetAccessible=true",
                "-Dcassandra.config=" + yaml.toUri(),
                "-Dcassandra.storagedir=" + dir.resolve("data"),
                "-Dcassandra-foreground=yes",
                "-Dlogback.configurationFile=" + logback.toUri()));
        command.addAll(JAVA17_MODULE_FLAGS);
        if (quickStart) {
            command.addAll(QUICK_START_FLAGS);
        }
        if (unsafeSystem) {
            command.add("-Dcassandra.unsafesystem=true");
        }
        command.addAll(List.of("-cp", classpath, MAIN));

        ServerProcess process = ServerProcess.start("cassandra", withoutMemoryLocking(), command, dir, logFile,
                Duration.ofSeconds(30));
        process.afterStop(sharing::exited);
        CassandraEndpoint endpoint = new CassandraEndpoint("127.0.0.1", nativePort, DATACENTER);
        try {
            process.awaitReady(timeout, () -> Ports.accepts("127.0.0.1", nativePort) && answersQueries(endpoint));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new CassandraServer(process, endpoint);
    }

    /**
     * As root, Cassandra locks its whole heap into memory (mlockall), which costs seconds and
     * gigabytes; dropping CAP_IPC_LOCK makes it skip that, as it does for ordinary users.
     */
    private static List<String> withoutMemoryLocking() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            return List.of("/usr/bin/setpriv", "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock", "--");
        }
        return List.of();
    }

    private static boolean answersQueries(CassandraEndpoint endpoint) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(5))
                // Its event loops need not stay idle 2 s before they stop, which every start would wait out; a
                // quarter of a second, as the services' sessions (with none, Netty may log a needless error).
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 250)
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_TIMEOUT, 15_000)
                .withString(DefaultDriverOption.NETTY_IO_SHUTDOWN_UNIT, "MILLISECONDS")
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 250)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_TIMEOUT, 15_000)
                .withString(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_UNIT, "MILLISECONDS")
                .build();
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(endpoint.contactPoint())
                .withLocalDatacenter(endpoint.localDatacenter())
                .withConfigLoader(config)
                .build()) {
            return session.execute("SELECT release_version FROM system.local").one() != null;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static String yaml(Path dir, int nativePort, int storagePort, CommitLogSync commitLog) {
        Path data = dir.resolve("data");
        List<String> lines = new ArrayList<>(List.of(
                "cluster_name: mailfleet",
                "num_tokens: 1",
                "initial_token: 0",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "data_file_directories:",
                "  - " + data.resolve("data"),
                "commitlog_directory: " + data.resolve("commitlog"),
                "hints_directory: " + data.resolve("hints"),
                "saved_caches_directory: " + data.resolve("saved_caches"),
                "cdc_raw_directory: " + data.resolve("cdc_raw"),
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"127.0.0.1:" + storagePort + "\"",
                "listen_address: 127.0.0.1",
                "rpc_address: 127.0.0.1",
                "storage_port: " + storagePort,
                "native_transport_port: " + nativePort,
                "start_native_transport: true",
                "endpoint_snitch: SimpleSnitch",
                "auto_snapshot: false",
                // Paxos v2 needs fewer round trips per lightweight transaction: mailfleet allocates UIDs with them.
                "paxos_variant: v2"));
        lines.addAll(commitLog.yamlLines());
        lines.add("");
        return String.join("\n", lines);
    }

    private static final String LOGBACK = String.join("\n",
            "<configuration>",
            "  <appender name=\"STDOUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
            "    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>",
            "  </appender>",
            "  <root level=\"INFO\"><appender-ref ref=\"STDOUT\"/></root>",
            "</configuration>",
            "");

    public CassandraEndpoint endpoint() {
        return endpoint;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
