package io.mailfleet.smtp.ingress.health;

import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.smtp.ingress.server.Backends;
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

/**
 * Ready only while everything a 250 depends on answers: S3 for the body, Kafka for the event, and
 * Cassandra for recipient checks. A load balancer then sends no new client to an instance that
 * could only answer 4xx.
 */
@Readiness
@ApplicationScoped
public class BackendReadiness implements HealthCheck {

    private final Backends backends;
    private final Admin kafka;

    public BackendReadiness(Backends backends, KafkaSettings kafka) {
        this.backends = backends;
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("backends").up();
        check(response, "s3", () -> backends.blobs().ensureBucket());
        check(response, "kafka", () -> kafka.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                .clusterId().get(3, TimeUnit.SECONDS));
        check(response, "cassandra", () -> backends.accounts().session().execute("SELECT release_version FROM system.local"));
        return response.build();
    }

    private static void check(HealthCheckResponseBuilder response, String name, CheckedCall call) {
        try {
            call.run();
            response.withData(name, "UP");
        } catch (Exception e) {
            response.down().withData(name, "DOWN: " + e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        kafka.close();
    }

    private interface CheckedCall {
        void run() throws Exception;
    }
}
