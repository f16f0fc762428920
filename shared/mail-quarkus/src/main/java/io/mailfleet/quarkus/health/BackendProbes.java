package io.mailfleet.quarkus.health;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the services' readiness checks share: a bounded Kafka probe, and a report that runs every
 * probe on each call and names the ones that failed, so an operator sees which dependency is down.
 */
public final class BackendProbes implements AutoCloseable {

    private static final int TIMEOUT_MS = 3000;

    private final Admin kafka;

    public BackendProbes(String kafkaBootstrapServers) {
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS));
    }

    /** Kafka answers when its cluster id can be read within three seconds. */
    public void kafka() throws Exception {
        kafka.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /** Up when every probe returned, in the map's order; each one's state is in the response data. */
    public static HealthCheckResponse report(String name, Map<String, Probe> probes) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name).up();
        probes.forEach((probeName, probe) -> {
            try {
                probe.run();
                response.withData(probeName, "UP");
            } catch (Exception e) {
                response.down().withData(probeName, "DOWN: " + e.getMessage());
            }
        });
        return response.build();
    }

    @Override
    public void close() {
        kafka.close();
    }

    /** One dependency's check: returns when it answers, throws why when it does not. */
    public interface Probe {
        void run() throws Exception;
    }
}
