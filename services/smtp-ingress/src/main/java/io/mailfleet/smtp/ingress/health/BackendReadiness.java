package io.mailfleet.smtp.ingress.health;

import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.quarkus.health.BackendProbes;
import io.mailfleet.quarkus.health.BackgroundChecks;
import io.quarkus.runtime.Startup;
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
 * could only answer 4xx. The checks run in the background from startup; the probe reads their last
 * results, so it answers at once even while a dependency hangs.
 */
@Readiness
@Startup
@ApplicationScoped
public class BackendReadiness implements HealthCheck {

    private final BackendProbes probes;
    private final BackgroundChecks checks;

    public BackendReadiness(Backends backends, KafkaSettings kafka) {
        this.probes = new BackendProbes(kafka.bootstrapServers());
        Map<String, BackendProbes.Probe> checked = new LinkedHashMap<>();
        checked.put("s3", () -> backends.blobs().ensureBucket());
        checked.put("kafka", probes::kafka);
        checked.put("cassandra", () -> backends.accounts().session().execute("SELECT release_version FROM system.local"));
        this.checks = BackgroundChecks.withDefaults(checked);
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
