package io.mailfleet.delivery.health;

import io.mailfleet.delivery.server.Backends;
import io.mailfleet.quarkus.health.BackendProbes;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.Map;

/** Ready only while Kafka, Cassandra and S3 all answer: without any of them no delivery can finish. */
@Readiness
@ApplicationScoped
public class BackendReadiness implements HealthCheck {

    private final Backends backends;
    private final BackendProbes probes;

    public BackendReadiness(Backends backends) {
        this.backends = backends;
        this.probes = new BackendProbes(backends.kafkaBootstrapServers());
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, BackendProbes.Probe> checks = new LinkedHashMap<>();
        checks.put("kafka", probes::kafka);
        checks.put("cassandra", () -> backends.store().session().execute("SELECT release_version FROM system.local"));
        checks.put("s3", () -> backends.blobs().ensureBucket());
        return BackendProbes.report("backends", checks);
    }

    @PreDestroy
    void close() {
        probes.close();
    }
}
