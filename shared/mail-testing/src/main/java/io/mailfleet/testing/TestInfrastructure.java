package io.mailfleet.testing;

import io.mailfleet.testing.containers.ContainerServers;
import io.mailfleet.testing.process.LocalServerSettings;
import io.mailfleet.testing.process.LocalServers;
import io.mailfleet.testing.process.Ports;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The servers the tests of a test JVM share: started by the first test that asks, shared by every
 * test class after it. With local processes they are the whole build's ({@link BuildServers}): the
 * first module's tests start them and the modules after it reuse them, so each module's tests keep
 * their data apart by names of their own (keyspaces, topics). With containers, or with
 * {@code -Dmailfleet.test.build-servers=false}, they are this JVM's own, stopped when the test run
 * ends or, failing that, when the JVM exits.
 *
 * <p>One set per JVM, not per class loader: Quarkus loads a test application's classes, these
 * included, in a class loader of each application it starts (one per test profile), and each copy
 * would start servers of its own. Every copy therefore asks the copy on the system class loader,
 * which alone starts and stops the servers, and receives them as a {@link RunningServers}.
 *
 * <p>A test that stops, kills or freezes one of these servers does not leave it to the test classes
 * that ask after it: before handing the servers out, the owner checks that every server still
 * accepts connections and that its processes still run and none is stopped, and starts a new set
 * otherwise. A test class that stops, kills or freezes a server starts servers of its own with
 * {@link #startPrivate()}, so that the shared ones never go through an outage.
 */
public final class TestInfrastructure {

    /** This JVM's own set, when the servers are not the build's. */
    private static Infrastructure own;
    private static BuildServers build;
    private static RunningServers handedOut;
    private static RuntimeException startFailure;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stopOwn, "mailfleet-test-servers"));
    }

    private TestInfrastructure() {
    }

    /** The servers of this test JVM; a failed start is reported to every caller rather than retried by each. */
    public static RunningServers shared() {
        return RunningServers.described(owner().map(owner -> invoke(owner, "describeShared"))
                .orElseGet(TestInfrastructure::describeShared));
    }

    /**
     * Stops this JVM's servers, if they were started, and lets go of the build's, which outlive this
     * run; the next {@link #shared()} starts or finds them again.
     */
    public static void stop() {
        owner().ifPresentOrElse(owner -> invoke(owner, "stopOwn"), TestInfrastructure::stopOwn);
    }

    /** Servers of the caller's own, which it closes: for a test that wants nobody else's data or state in its way. */
    public static Infrastructure startPrivate() {
        return start();
    }

    /** The copy of this class on the system class loader when this is another copy (in a Quarkus test application). */
    private static Optional<Class<?>> owner() {
        try {
            Class<?> system = Class.forName(TestInfrastructure.class.getName(), true, ClassLoader.getSystemClassLoader());
            return system == TestInfrastructure.class ? Optional.empty() : Optional.of(system);
        } catch (ClassNotFoundException notOnTheSystemClassPath) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> invoke(Class<?> owner, String method) {
        try {
            Method ownersMethod = owner.getDeclaredMethod(method);
            ownersMethod.setAccessible(true);
            return (Map<String, String>) ownersMethod.invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the test servers of the system class loader", e);
        }
    }

    /** Called on the owner, also reflectively from other class loaders' copies: only maps of strings cross. */
    private static synchronized Map<String, String> describeShared() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (handedOut != null && !(untouched(handedOut.pids()) && listening(handedOut))) {
            System.out.println("mailfleet test servers: a server was stopped or frozen by a test; starting a new set");
            if (build != null) {
                build.stop();
            }
            stopOwn();
        }
        if (handedOut == null) {
            try {
                if (BuildServers.enabled(InfrastructureMode.resolve(ContainerServers::dockerAvailable))) {
                    build = BuildServers.attach();
                    handedOut = build.servers();
                } else {
                    own = start();
                    handedOut = RunningServers.of(own);
                }
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return handedOut.describe();
    }

    private static synchronized Map<String, String> stopOwn() {
        if (own != null) {
            own.close();
            own = null;
        }
        build = null;
        handedOut = null;
        return Map.of();
    }

    /**
     * Whether each server's watchdog, the first of its processes, still runs (it exits with the
     * server) and none of its processes is stopped (SIGSTOP), which Linux's /proc tells.
     */
    static boolean untouched(Map<String, List<Long>> pids) {
        return pids.values().stream().allMatch(server ->
                ProcessHandle.of(server.get(0)).map(ProcessHandle::isAlive).orElse(false)
                        && server.stream().noneMatch(TestInfrastructure::stopped));
    }

    /** Whether each server still accepts connections: one told to stop closes its port before its process ends. */
    static boolean listening(RunningServers servers) {
        String[] kafka = servers.kafka().bootstrapServers().split(":");
        URI s3 = URI.create(servers.s3().url());
        return Ports.accepts(kafka[0], Integer.parseInt(kafka[1]))
                && Ports.accepts(servers.cassandra().host(), servers.cassandra().port())
                && Ports.accepts(s3.getHost(), s3.getPort());
    }

    private static boolean stopped(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The state follows the command name, which is in parentheses and may contain anything.
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'T' || state == 't';
        } catch (IOException | RuntimeException noProcFileSystem) {
            return false;
        }
    }

    private static Infrastructure start() {
        InfrastructureMode mode = InfrastructureMode.resolve(ContainerServers::dockerAvailable);
        long started = System.nanoTime();
        Infrastructure servers = mode == InfrastructureMode.CONTAINERS
                ? ContainerServers.start()
                : LocalServers.start(LocalServerSettings.forTests());
        System.out.printf("mailfleet test servers (%s) ready in %.1f s: kafka %s, cassandra %s:%d, s3 %s%n",
                servers.mode(), (System.nanoTime() - started) / 1e9, servers.kafka().bootstrapServers(),
                servers.cassandra().host(), servers.cassandra().port(), servers.s3().url());
        if (servers instanceof LocalServers local) {
            local.startTimes().forEach((name, time) -> System.out.printf("  %s started in %.1f s, %d MB resident%n",
                    name, time.toMillis() / 1000.0, local.residentBytes().getOrDefault(name, 0L) / (1024 * 1024)));
        }
        return servers;
    }
}
