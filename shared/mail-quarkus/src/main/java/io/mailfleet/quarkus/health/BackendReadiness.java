package io.mailfleet.quarkus.health;

import io.mailfleet.quarkus.backend.MailBackends;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness of a protocol service: ready only while Cassandra (accounts, mailboxes, locks), S3
 * (bodies) and Kafka (events) answer, so that a load balancer sends no new client to an instance
 * that could only answer temporary errors. Services that run on {@link MailBackends} turn it on with
 * {@code mailfleet.readiness.backends=true}.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "mailfleet.readiness.backends", stringValue = "true")
public class BackendReadiness implements HealthCheck {

    private final MailBackends backends;
    private final BackendProbes probes;

    public BackendReadiness(MailBackends backends) {
        this.backends = backends;
        this.probes = new BackendProbes(backends.kafkaBootstrapServers());
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, BackendProbes.Probe> checks = new LinkedHashMap<>();
        checks.put("cassandra", () -> backends.cassandra().execute("SELECT release_version FROM system.local"));
        checks.put("s3", () -> backends.blobs().ensureBucket());
        checks.put("kafka", probes::kafka);
        return BackendProbes.report("backends", checks);
    }

    @PreDestroy
    void close() {
        probes.close();
    }
}
