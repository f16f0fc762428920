package io.mailfleet.delivery.health;

import io.mailfleet.delivery.server.Backends;
import io.mailfleet.quarkus.health.BackendProbes;
import io.mailfleet.quarkus.health.BackgroundChecks;
import io.mailfleet.quarkus.health.CassandraProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready only while Kafka, Cassandra and S3 all answer: without any of them no delivery can finish.
 * The checks run in the background from startup; the probe reads their last results.
 */
@Readiness
@Startup
@ApplicationScoped
public class BackendReadiness implements HealthCheck {

    private final BackendProbes probes;
    private final BackgroundChecks checks;

    public BackendReadiness(Backends backends, MeterRegistry registry) {
        this.probes = new BackendProbes(backends.kafkaBootstrapServers());
        Map<String, BackendProbes.Probe> checked = new LinkedHashMap<>();
        checked.put("kafka", probes::kafka);
        checked.put("cassandra", new CassandraProbe(() -> backends.store().session()));
        checked.put("s3", () -> backends.blobs().ensureBucket());
        this.checks = BackgroundChecks.withDefaults(checked).exportTo(registry);
    }

    @Override
    public HealthCheckResponse call() {
        return checks.report("backends");
    }

    @PreDestroy
    void close() {
        checks.close();
        probes.close();
    }
}
