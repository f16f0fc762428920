package io.mailfleet.testing.quarkus;

import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.ModuleNames;
import io.mailfleet.testing.RunningServers;
import io.mailfleet.testing.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Points a Quarkus service under test at the real servers, through the same configuration names
 * ({@code mailfleet.*}) the service reads in production: those the test JVM shares
 * ({@link TestInfrastructure#shared()}), or with the init argument {@code servers=private}, given in
 * a test profile that leaves out the global test resources, servers of the application's own.
 */
public final class RealInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    /**
     * Followed by a server name (kafka, cassandra, s3proxy): its process ids, so that a test can
     * freeze and thaw it to simulate an outage. Only local processes have them, not containers.
     */
    public static final String PIDS_PREFIX = "mailfleet.test.pids.";

    /** The local broker's data folder, log file, port and controller port, so a test can stop it and start it again. */
    public static final String KAFKA_LAYOUT = "mailfleet.test.kafka-layout";

    /** The init argument that asks for servers of the test application's own: {@code servers=private}. */
    public static final String SERVERS_ARGUMENT = "servers";

    private boolean isolated;
    private Infrastructure privateServers;

    @Override
    public void init(Map<String, String> initArgs) {
        isolated = "private".equals(initArgs.get(SERVERS_ARGUMENT));
    }

    @Override
    public Map<String, String> start() {
        if (isolated) {
            privateServers = TestInfrastructure.startPrivate();
        }
        RunningServers servers = isolated ? RunningServers.of(privateServers) : TestInfrastructure.shared();
        Map<String, String> config = serviceConfig(servers);
        servers.pids().forEach((name, pids) -> config.put(PIDS_PREFIX + name,
                pids.stream().map(String::valueOf).collect(Collectors.joining(","))));
        servers.kafkaLayout().ifPresent(kafka -> config.put(KAFKA_LAYOUT, String.join(",", kafka.dir().toString(),
                kafka.logFile().toString(), Integer.toString(kafka.port()), Integer.toString(kafka.controllerPort()))));
        return config;
    }

    /**
     * How a mailfleet service reaches {@code servers}: the settings it reads in production, as system
     * properties or config. The keyspace and topics are the test module's ({@link ModuleNames}), as the
     * servers may be the whole build's: events one module's tests leave behind never reach another
     * module's consumers, and the module's test classes share the one keyspace it migrates.
     */
    public static Map<String, String> serviceConfig(Infrastructure servers) {
        Map<String, String> config = new HashMap<>(Map.of(
                "mailfleet.kafka.bootstrap-servers", servers.kafka().bootstrapServers(),
                "mailfleet.cassandra.contact-point", servers.cassandra().host() + ":" + servers.cassandra().port(),
                "mailfleet.cassandra.local-datacenter", servers.cassandra().localDatacenter(),
                "mailfleet.cassandra.keyspace", ModuleNames.keyspace(),
                "mailfleet.s3.endpoint", servers.s3().url(),
                "mailfleet.s3.region", servers.s3().region(),
                "mailfleet.s3.access-key", servers.s3().accessKey(),
                "mailfleet.s3.secret-key", servers.s3().secretKey()));
        String module = ModuleNames.module() + ".";
        config.putAll(Map.of(
                "mailfleet.topics.inbound", module + "mail.inbound",
                "mailfleet.topics.outbound", module + "mail.outbound",
                "mailfleet.topics.mailbox-events", module + "mailbox.events",
                "mailfleet.topics.dead-letter", module + "mail.deadletter",
                "mailfleet.topics.directory-events", module + "directory.events"));
        return config;
    }

    /** Shared servers outlive one application's tests (the run's end stops them); private ones stop with it. */
    @Override
    public void stop() {
        if (privateServers != null) {
            privateServers.close();
            privateServers = null;
        }
    }
}
