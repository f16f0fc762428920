package io.mailfleet.testing;

import io.mailfleet.testing.process.LocalServerSettings;
import io.mailfleet.testing.process.LocalServers;
import io.mailfleet.testing.process.ServerClasspath;
import io.mailfleet.testing.process.ServerStartException;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One set of local servers for a whole Maven build, so that the test JVM of each module does not
 * start and stop a set of its own. The first test JVM that asks starts a small host JVM, which
 * starts the servers, records them in a state file under the project's {@code target/}, and stops
 * them as soon as the build's Maven process is gone, however it ended; the test JVMs of later
 * modules read the state file. The servers are children of the host: if it dies, they stop too.
 *
 * <p>A set that a test has stopped, killed or left frozen is not handed out again: the host is
 * stopped, with its servers, and a new one started.
 */
final class BuildServers {

    /** {@code -Dmailfleet.test.build-servers=false} gives every test JVM its own servers again. */
    static final String PROPERTY = "mailfleet.test.build-servers";

    private static final String MAVEN_LAUNCHER = "org.codehaus.plexus.classworlds.launcher.Launcher";
    private static final String HOST_PID = "host.pid";
    /** Above the servers' own start bounds (300 s), so that their failure, with its log, is what gets reported. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(360);
    /** A frozen server is killed after its stop grace; this bounds the whole stop. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

    private final Path state;
    private final long hostPid;
    private final RunningServers servers;

    private BuildServers(Path state, long hostPid, RunningServers servers) {
        this.state = state;
        this.hostPid = hostPid;
        this.servers = servers;
    }

    static boolean enabled(InfrastructureMode mode) {
        return mode == InfrastructureMode.PROCESSES && Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
    }

    RunningServers servers() {
        return servers;
    }

    long hostPid() {
        return hostPid;
    }

    /** The servers of the Maven build this JVM runs in: the running set if it is untouched, a new one otherwise. */
    static BuildServers attach() {
        ProcessHandle build = mavenProcess();
        return attach(build, ServerClasspath.projectHome().resolve("target/mailfleet-test-servers")
                .resolve(Long.toString(build.pid())));
    }

    /** The servers that live as long as {@code build}, recorded in {@code dir}. */
    static BuildServers attach(ProcessHandle build, Path dir) {
        Path state = dir.resolve("servers.properties");
        try {
            Files.createDirectories(dir);
            // Test JVMs of a parallel build may ask at once: the first starts the host, the others wait for it.
            try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                Optional<BuildServers> running = read(state);
                if (running.isPresent()) {
                    if (running.get().usable()) {
                        System.out.printf("mailfleet test servers of build %d (host pid %d): kafka %s, cassandra %s:%d, s3 %s%n",
                                build.pid(), running.get().hostPid, running.get().servers.kafka().bootstrapServers(),
                                running.get().servers.cassandra().host(), running.get().servers.cassandra().port(),
                                running.get().servers.s3().url());
                        return running.get();
                    }
                    System.out.println("mailfleet test servers: the build's set has a stopped or frozen server; starting a new set");
                    running.get().stop();
                }
                return start(build, dir, state);
            }
        } catch (IOException e) {
            throw new ServerStartException("cannot share the test servers through " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether the host runs and each of its servers accepts connections, runs and is not stopped. */
    boolean usable() {
        return ProcessHandle.of(hostPid).map(ProcessHandle::isAlive).orElse(false)
                && TestInfrastructure.untouched(servers.pids()) && TestInfrastructure.listening(servers);
    }

    /** Stops the host, which stops its servers, and waits until it has exited. */
    void stop() {
        ProcessHandle.of(hostPid).ifPresent(host -> {
            host.destroy();
            try {
                host.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception notInTime) {
                host.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + state, e);
        }
    }

    private static BuildServers start(ProcessHandle build, Path dir, Path state) throws IOException {
        Path log = dir.resolve("host.log");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            // A session of its own: a signal to this test JVM's process group does not reach the build's servers.
            command.add("/usr/bin/setsid");
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-D" + ServerClasspath.HOME_PROPERTY + "=" + ServerClasspath.projectHome(),
                "-cp", hostClasspath(), BuildServers.class.getName(), Long.toString(build.pid()), state.toString()));
        long started = System.nanoTime();
        Process host = new ProcessBuilder(command)
                .directory(ServerClasspath.projectHome().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = started + START_TIMEOUT.toNanos();
        Optional<BuildServers> servers;
        while ((servers = read(state)).isEmpty()) {
            if (!host.isAlive() || System.nanoTime() > deadline) {
                host.destroy();
                throw new ServerStartException("the build's test servers did not start; last lines of " + log + ":\n" + tail(log, 40));
            }
            sleep(Duration.ofMillis(200));
        }
        RunningServers running = servers.get().servers;
        System.out.printf("mailfleet test servers (%s) of build %d ready in %.1f s (host pid %d): kafka %s, cassandra %s:%d, s3 %s%n%s%n",
                running.mode(), build.pid(), (System.nanoTime() - started) / 1e9, host.pid(), running.kafka().bootstrapServers(),
                running.cassandra().host(), running.cassandra().port(), running.s3().url(), tail(log, running.pids().size()));
        return servers.get();
    }

    /** The nearest ancestor that is a Maven JVM; this JVM when there is none (a run from an IDE), so the servers live as long as it. */
    private static ProcessHandle mavenProcess() {
        for (Optional<ProcessHandle> process = ProcessHandle.current().parent(); process.isPresent();
             process = process.get().parent()) {
            ProcessHandle.Info info = process.get().info();
            if (info.arguments().map(arguments -> Arrays.asList(arguments).contains(MAVEN_LAUNCHER)).orElse(false)
                    || info.commandLine().map(line -> line.contains(MAVEN_LAUNCHER)).orElse(false)) {
                return process.get();
            }
        }
        return ProcessHandle.current();
    }

    /** Surefire and Failsafe launch a test JVM through a jar that only names the test class path; they pass that here. */
    private static String hostClasspath() {
        return Optional.ofNullable(System.getProperty("surefire.test.class.path")).orElse(System.getProperty("java.class.path"));
    }

    private static Optional<BuildServers> read(Path state) {
        if (!Files.exists(state)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(state, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new ServerStartException("cannot read the build's test servers from " + state + ": " + e.getMessage(), e);
        }
        Map<String, String> description = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> description.put(key, properties.getProperty(key)));
        long hostPid = Long.parseLong(description.remove(HOST_PID));
        return Optional.of(new BuildServers(state, hostPid, RunningServers.described(description)));
    }

    /**
     * The host: {@code BuildServers BUILD_PID STATE_FILE}. Starts the servers, records them, and
     * stops them once the build's process has exited or it is told to stop.
     */
    public static void main(String[] args) throws IOException {
        long buildPid = Long.parseLong(args[0]);
        Path state = Path.of(args[1]);
        LocalServers servers = LocalServers.start(LocalServerSettings.forTests());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(state);
            } catch (IOException ignored) {
                // A state file naming a dead host is replaced by the next attach.
            }
            servers.close();
        }, "mailfleet-build-servers"));
        servers.startTimes().forEach((name, time) -> System.out.printf("  %s started in %.1f s, %d MB resident%n",
                name, time.toMillis() / 1000.0, servers.residentBytes().getOrDefault(name, 0L) / (1024 * 1024)));
        Map<String, String> description = new HashMap<>(RunningServers.of(servers).describe());
        description.put(HOST_PID, Long.toString(ProcessHandle.current().pid()));
        write(state, description);
        ProcessHandle.of(buildPid).ifPresent(build -> build.onExit().join());
        System.out.println("build " + buildPid + " has ended; stopping its test servers");
        System.exit(0);
    }

    private static void write(Path state, Map<String, String> description) throws IOException {
        Properties properties = new Properties();
        properties.putAll(description);
        Path partial = state.resolveSibling(state.getFileName() + ".partial");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            properties.store(out, "test servers of one build");
        }
        // Readers see no file or a complete one.
        Files.move(partial, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The last lines of the host's log, which hosts replaced during the build share. */
    private static String tail(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException("interrupted while the build's test servers started", e);
        }
    }
}
