package io.mailfleet.delivery.health;

import io.mailfleet.delivery.server.Backends;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Ready only while Kafka, Cassandra and S3 all answer: without any of them no delivery can finish. */
@Readiness
@ApplicationScoped
public class BackendReadiness implements HealthCheck {

    private final Backends backends;
    private final Admin kafka;

    public BackendReadiness(Backends backends) {
        this.backends = backends;
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, backends.kafkaBootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("backends").up();
        check(response, "kafka", () -> kafka.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                .clusterId().get(3, TimeUnit.SECONDS));
        check(response, "cassandra", () -> backends.store().session().execute("SELECT release_version FROM system.local"));
        check(response, "s3", () -> backends.blobs().ensureBucket());
        return response.build();
    }

    private static void check(HealthCheckResponseBuilder response, String name, Check check) {
        try {
            check.run();
            response.withData(name, "UP");
        } catch (Exception e) {
            response.down().withData(name, "DOWN: " + e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        kafka.close();
    }

    private interface Check {
        void run() throws Exception;
    }
}
