package io.mailfleet.admin.health;

import io.mailfleet.admin.store.Store;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while Cassandra answers a query: every endpoint but health needs it. */
@Readiness
@ApplicationScoped
public class CassandraReadiness implements HealthCheck {

    private final Store store;

    public CassandraReadiness(Store store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            store.repositories().session().execute("SELECT release_version FROM system.local");
            return HealthCheckResponse.up("cassandra");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("cassandra").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
