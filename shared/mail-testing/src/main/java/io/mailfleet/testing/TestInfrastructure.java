package io.mailfleet.testing;

import io.mailfleet.testing.containers.ContainerServers;
import io.mailfleet.testing.process.LocalServerSettings;
import io.mailfleet.testing.process.LocalServers;

/**
 * The one set of servers of a test JVM: started by the first test that asks, shared by every test
 * class after it, and stopped when the test run ends or, failing that, when the JVM exits.
 */
public final class TestInfrastructure {

    private static Infrastructure shared;
    private static RuntimeException startFailure;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stop, "mailfleet-test-servers"));
    }

    private TestInfrastructure() {
    }

    /** The running servers; a failed start is reported to every caller rather than retried by each. */
    public static synchronized Infrastructure shared() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /** Stops the shared servers, if they were started; the next {@link #shared()} starts new ones. */
    public static synchronized void stop() {
        if (shared != null) {
            shared.close();
            shared = null;
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
