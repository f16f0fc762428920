package io.mailfleet.testing;

import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The servers of a test JVM are one set however many class loaders ask (Quarkus loads each test
 * application's classes, these included, in a loader of its own), and a set in which a test stopped
 * a server is not handed out again: the next to ask gets a new one. A Quarkus test application that
 * asks for private servers gets its own, stopped with it.
 */
@ExtendWith(RealInfrastructureExtension.class)
class SharedServersIT {

    @Test
    void everyClassLoaderGetsTheSameServersAndAStoppedServerIsReplaced(Infrastructure servers) throws Exception {
        assumeTrue(servers.mode().equals("processes"), "the servers run as containers: no processes to stop here");
        RunningServers first = (RunningServers) servers;
        assertThat(TestInfrastructure.shared()).isEqualTo(first);

        try (URLClassLoader application = new HarnessFirst(TestInfrastructure.class.getProtectionDomain().getCodeSource().getLocation())) {
            Class<?> copy = application.loadClass(TestInfrastructure.class.getName());
            assertThat(copy).isNotSameAs(TestInfrastructure.class);
            assertThat(copy.getMethod("shared").invoke(null).toString()).as("seen from another class loader")
                    .isEqualTo(first.toString());

            int kafkaPort = Integer.parseInt(first.kafka().bootstrapServers().split(":")[1]);
            List<String> stop = new ArrayList<>(List.of("kill", "-TERM"));
            first.pids().get("kafka").forEach(pid -> stop.add(Long.toString(pid)));
            new ProcessBuilder(stop).inheritIO().start().waitFor();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Ports.accepts("127.0.0.1", kafkaPort) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Ports.accepts("127.0.0.1", kafkaPort)).as("the broker stopped").isFalse();

            String replaced = copy.getMethod("shared").invoke(null).toString();
            assertThat(replaced).as("after the broker was stopped").isNotEqualTo(first.toString());
            RunningServers second = TestInfrastructure.shared();
            assertThat(second.toString()).isEqualTo(replaced);
            int newKafkaPort = Integer.parseInt(second.kafka().bootstrapServers().split(":")[1]);
            assertThat(Ports.accepts("127.0.0.1", newKafkaPort)).as("the new broker").isTrue();
            assertThat(Ports.accepts(first.cassandra().host(), first.cassandra().port()))
                    .as("the old set's Cassandra, stopped with it").isFalse();
        }
    }

    @Test
    void privateServersAreTheApplicationsOwnAndStopWithIt(Infrastructure shared) {
        assumeTrue(shared.mode().equals("processes"), "the servers run as containers: no processes to look at");
        RealInfrastructureResource resource = new RealInfrastructureResource();
        resource.init(Map.of(RealInfrastructureResource.SERVERS_ARGUMENT, "private"));
        Map<String, String> config = resource.start();
        String kafka = config.get("mailfleet.kafka.bootstrap-servers");
        int kafkaPort = Integer.parseInt(kafka.split(":")[1]);
        try {
            assertThat(kafka).isNotEqualTo(shared.kafka().bootstrapServers());
            assertThat(config.get("mailfleet.s3.endpoint")).isNotEqualTo(shared.s3().url());
            assertThat(config).containsKeys(RealInfrastructureResource.PIDS_PREFIX + "kafka", RealInfrastructureResource.KAFKA_LAYOUT);
            assertThat(Ports.accepts("127.0.0.1", kafkaPort)).as("the private broker").isTrue();
        } finally {
            resource.stop();
        }
        assertThat(Ports.accepts("127.0.0.1", kafkaPort)).as("the private broker after the application").isFalse();
        assertThat(TestInfrastructure.shared()).as("the shared servers, untouched").isEqualTo(shared);
    }

    /** Loads this harness's classes itself and everything else from the class path, as a Quarkus test application does. */
    private static final class HarnessFirst extends URLClassLoader {

        HarnessFirst(URL harness) {
            super(new URL[] {harness}, ClassLoader.getSystemClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (!name.startsWith("io.mailfleet.testing.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }
    }
}
