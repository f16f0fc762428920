package io.mailfleet.quarkus.backend;

import io.mailfleet.server.Lanes;
import io.mailfleet.server.ServerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** The connection runtime's shared parts as beans: one set of lanes and one set of metrics per process. */
@ApplicationScoped
public class ServerBeans {

    /**
     * Logins wait for a password-check permit on their own threads; metadata work and body chunks
     * have theirs, so slow downloads cannot hold up a login or a listing.
     */
    @Produces
    @ApplicationScoped
    Lanes lanes() {
        return new Lanes(16, 16, 16);
    }

    void close(@Disposes Lanes lanes) {
        lanes.close();
    }

    @Produces
    @ApplicationScoped
    ServerMetrics serverMetrics(MeterRegistry registry) {
        return new ServerMetrics(registry);
    }
}
