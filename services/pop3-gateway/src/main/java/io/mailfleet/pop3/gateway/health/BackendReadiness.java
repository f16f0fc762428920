package io.mailfleet.pop3.gateway.health;

import io.mailfleet.pop3.gateway.server.Backends;
import io.mailfleet.quarkus.health.BackendProbes;
import io.mailfleet.quarkus.health.BackgroundChecks;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready while Cassandra (accounts, mailboxes, locks) and S3 (bodies) answer, and Kafka, which takes
 * the expunge events: without them sessions could only answer {@code -ERR [SYS/TEMP]}. The checks
 * run in the background from startup; the probe reads their last results, so it answers at once
 * even while a dependency hangs.
 */
@Readiness
@Startup
@ApplicationScoped
public class BackendReadiness implements HealthCheck {

    private final BackendProbes probes;
    private final BackgroundChecks checks;

    public BackendReadiness(Backends backends) {
        this.probes = new BackendProbes(backends.kafkaBootstrapServers());
        Map<String, BackendProbes.Probe> checked = new LinkedHashMap<>();
        checked.put("cassandra", () -> backends.store().session().execute("SELECT release_version FROM system.local"));
        checked.put("s3", () -> backends.blobs().ensureBucket());
        checked.put("kafka", probes::kafka);
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
