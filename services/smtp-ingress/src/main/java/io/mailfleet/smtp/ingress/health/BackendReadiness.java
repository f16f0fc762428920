package io.mailfleet.smtp.ingress.health;

import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.quarkus.health.BackendProbes;
import io.mailfleet.smtp.ingress.server.Backends;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready only while everything a 250 depends on answers: S3 for the body, Kafka for the event, and
 * Cassandra for recipient checks. A load balancer then sends no new client to an instance that
 * could only answer 4xx.
 */
@Readiness
@ApplicationScoped
public class BackendReadiness implements HealthCheck {

    private final Backends backends;
    private final BackendProbes probes;

    public BackendReadiness(Backends backends, KafkaSettings kafka) {
        this.backends = backends;
        this.probes = new BackendProbes(kafka.bootstrapServers());
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, BackendProbes.Probe> checks = new LinkedHashMap<>();
        checks.put("s3", () -> backends.blobs().ensureBucket());
        checks.put("kafka", probes::kafka);
        checks.put("cassandra", () -> backends.accounts().session().execute("SELECT release_version FROM system.local"));
        return BackendProbes.report("backends", checks);
    }

    @PreDestroy
    void close() {
        probes.close();
    }
}
