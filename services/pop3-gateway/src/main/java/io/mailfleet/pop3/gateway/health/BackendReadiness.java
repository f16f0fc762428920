package io.mailfleet.pop3.gateway.health;

import io.mailfleet.pop3.gateway.server.Backends;
import io.mailfleet.quarkus.health.BackendProbes;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready while Cassandra (accounts, mailboxes, locks) and S3 (bodies) answer, and Kafka, which takes
 * the expunge events: without them sessions could only answer {@code -ERR [SYS/TEMP]}.
 */
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
        checks.put("cassandra", () -> backends.store().session().execute("SELECT release_version FROM system.local"));
        checks.put("s3", () -> backends.blobs().ensureBucket());
        checks.put("kafka", probes::kafka);
        return BackendProbes.report("backends", checks);
    }

    @PreDestroy
    void close() {
        probes.close();
    }
}
