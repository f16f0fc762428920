package io.mailfleet.testing.process;

import io.mailfleet.testing.KafkaEndpoint;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An Apache Kafka broker in KRaft mode, acting as its own controller. */
public final class KafkaServer implements AutoCloseable {

    private static final String MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";

    private final ServerProcess process;
    private final KafkaEndpoint endpoint;
    private final Layout layout;

    /** Where a broker keeps its data and log and which ports it binds: enough to start it again. */
    public record Layout(Path dir, Path logFile, int port, int controllerPort) {
    }

    private KafkaServer(ServerProcess process, KafkaEndpoint endpoint, Layout layout) {
        this.process = process;
        this.endpoint = endpoint;
        this.layout = layout;
    }

    /** Starts a broker again where a stopped one was: same data, same ports; only outage tests restart one, so quickly. */
    public static KafkaServer start(Layout layout, Duration timeout) {
        return start(layout.dir(), layout.logFile(), layout.port(), layout.controllerPort(), true, timeout);
    }

    /**
     * Starts a broker with its log and data under {@code dir}. Storage is formatted only the first
     * time, so a restart on the same folder keeps every topic and offset.
     *
     * @param quickStart run the JIT's first tier only: less compiling on a loaded machine while it
     *                   starts, for tests; long-running stacks and load runs pass false
     */
    public static KafkaServer start(Path dir, Path logFile, int port, int controllerPort, boolean quickStart,
                                    Duration timeout) {
        String classpath = ServerClasspath.of("kafka");
        Path java = JavaRuntimes.java17();
        Path data = ConfigFiles.directory(dir.resolve("data"));
        Path properties = ConfigFiles.write(dir.resolve("server.properties"), serverProperties(data, port, controllerPort));
        Path logging = ConfigFiles.write(dir.resolve("log4j2.properties"), LOG4J2);
        List<String> jvm = List.of(java.toString(), "-Dlog4j2.configurationFile=" + logging.toUri(), "-cp", classpath);

        ClassDataSharing sharing = ClassDataSharing.forServer("kafka", java, classpath);
        if (!Files.exists(data.resolve("meta.properties"))) {
            // The storage tool loads much of what the broker does: it maps the broker's archive, never writes one.
            List<String> tool = new java.util.ArrayList<>(jvm);
            tool.addAll(1, sharing.writes() ? List.of() : sharing.flags());
            format(tool, properties, dir, logFile);
        }
        List<String> command = new java.util.ArrayList<>(jvm);
        command.addAll(1, List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true"));
        command.addAll(1, sharing.flags());
        if (quickStart) {
            command.add(1, "-XX:TieredStopAtLevel=1");
        }
        command.addAll(List.of(MAIN, properties.toString()));
        ServerProcess process = ServerProcess.start("kafka", List.of(), command, dir, logFile, Duration.ofSeconds(30));
        process.afterStop(sharing::exited);
        try {
            process.awaitReady(timeout, () -> process.logContains("Kafka Server started") && Ports.accepts("127.0.0.1", port));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new KafkaServer(process, new KafkaEndpoint("127.0.0.1:" + port), new Layout(dir, logFile, port, controllerPort));
    }

    private static void format(List<String> jvm, Path properties, Path dir, Path logFile) {
        List<String> command = new java.util.ArrayList<>(jvm);
        command.addAll(List.of(STORAGE_TOOL, "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()));
        try {
            Process format = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            // A bound on a tool run gone wrong: it takes seconds, but minutes on a machine loaded by several builds.
            if (!format.waitFor(180, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new ServerStartException("formatting Kafka storage took over 180 s; see " + logFile);
            }
            if (format.exitValue() != 0) {
                throw new ServerStartException("formatting Kafka storage failed with status " + format.exitValue()
                        + ":\n" + ServerProcess.tail(logFile, 20));
            }
        } catch (IOException e) {
            throw new ServerStartException("cannot format Kafka storage: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException("interrupted while formatting Kafka storage", e);
        }
    }

    private static String serverProperties(Path data, int port, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + data,
                // A single broker can only hold one replica of the internal topics.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    private static final String LOG4J2 = String.join("\n",
            "status=warn",
            "appender.console.type=Console",
            "appender.console.name=console",
            "appender.console.layout.type=PatternLayout",
            "appender.console.layout.pattern=[%d] %p %m (%c)%n",
            "rootLogger.level=info",
            "rootLogger.appenderRef.console.ref=console",
            // State-change chatter at INFO buries what an operator reads the log for.
            "logger.statechange.name=state.change.logger",
            "logger.statechange.level=warn",
            "");

    public KafkaEndpoint endpoint() {
        return endpoint;
    }

    public Layout layout() {
        return layout;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
