package io.mailfleet.testing.quarkus;

import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import io.mailfleet.testing.process.KafkaServer;
import io.mailfleet.testing.process.LocalServers;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Points a Quarkus service under test at the shared real servers, through the same configuration
 * names ({@code mailfleet.*}) the service reads in production.
 */
public final class RealInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    /**
     * Followed by a server name (kafka, cassandra, s3proxy): its process ids, so that a test can
     * freeze and thaw it to simulate an outage. Only local processes have them, not containers.
     */
    public static final String PIDS_PREFIX = "mailfleet.test.pids.";

    /** The local broker's data folder, log file, port and controller port, so a test can stop it and start it again. */
    public static final String KAFKA_LAYOUT = "mailfleet.test.kafka-layout";

    @Override
    public Map<String, String> start() {
        Infrastructure servers = TestInfrastructure.shared();
        Map<String, String> config = serviceConfig(servers);
        if (servers instanceof LocalServers local) {
            local.pids().forEach((name, pids) -> config.put(PIDS_PREFIX + name,
                    pids.stream().map(String::valueOf).collect(Collectors.joining(","))));
            KafkaServer.Layout kafka = local.kafkaLayout();
            config.put(KAFKA_LAYOUT, String.join(",", kafka.dir().toString(), kafka.logFile().toString(),
                    Integer.toString(kafka.port()), Integer.toString(kafka.controllerPort())));
        }
        return config;
    }

    /** How a mailfleet service reaches {@code servers}: the settings it reads in production, as system properties or config. */
    public static Map<String, String> serviceConfig(Infrastructure servers) {
        return new HashMap<>(Map.of(
                "mailfleet.kafka.bootstrap-servers", servers.kafka().bootstrapServers(),
                "mailfleet.cassandra.contact-point", servers.cassandra().host() + ":" + servers.cassandra().port(),
                "mailfleet.cassandra.local-datacenter", servers.cassandra().localDatacenter(),
                "mailfleet.s3.endpoint", servers.s3().url(),
                "mailfleet.s3.region", servers.s3().region(),
                "mailfleet.s3.access-key", servers.s3().accessKey(),
                "mailfleet.s3.secret-key", servers.s3().secretKey()));
    }

    /** The servers outlive one service's tests: the run's end or the JVM's exit stops them. */
    @Override
    public void stop() {
        // Nothing to release per service.
    }
}
