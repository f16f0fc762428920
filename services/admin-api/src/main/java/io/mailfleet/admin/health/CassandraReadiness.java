package io.mailfleet.admin.health;

import io.mailfleet.admin.store.Store;
import io.mailfleet.quarkus.health.CassandraProbe;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while Cassandra answers a query: every endpoint but health needs it. */
@Readiness
@ApplicationScoped
public class CassandraReadiness implements HealthCheck {

    private final CassandraProbe probe;

    public CassandraReadiness(Store store) {
        this.probe = new CassandraProbe(() -> store.repositories().session());
    }

    @Override
    public HealthCheckResponse call() {
        try {
            probe.run();
            return HealthCheckResponse.up("cassandra");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("cassandra").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
