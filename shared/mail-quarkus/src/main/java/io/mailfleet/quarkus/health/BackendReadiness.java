package io.mailfleet.quarkus.health;

import io.mailfleet.quarkus.backend.MailBackends;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness of a service: ready only while Cassandra (accounts, mailboxes, locks), S3 (bodies) and
 * Kafka (events) answer, so that a load balancer sends no new client to an instance that could only
 * answer temporary errors, and a delivery worker that could finish no delivery shows as not ready. The checks run in the background from startup and the
 * probe reads their last results, so it answers at once even while a dependency hangs. Services that
 * run on {@link MailBackends} turn it on with {@code mailfleet.readiness.backends=true}.
 */
@Readiness
@Startup
@ApplicationScoped
@IfBuildProperty(name = "mailfleet.readiness.backends", stringValue = "true")
public class BackendReadiness implements HealthCheck {

    private final BackendProbes probes;
    private final BackgroundChecks checks;

    public BackendReadiness(MailBackends backends, MeterRegistry registry) {
        this.probes = new BackendProbes(backends.kafkaBootstrapServers());
        Map<String, BackendProbes.Probe> checked = new LinkedHashMap<>();
        checked.put("cassandra", new CassandraProbe(backends::cassandra));
        checked.put("s3", () -> backends.blobs().ensureBucket());
        checked.put("kafka", probes::kafka);
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
