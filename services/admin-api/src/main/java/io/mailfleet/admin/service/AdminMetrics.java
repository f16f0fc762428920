package io.mailfleet.admin.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counts of the changes operators make, by kind of object and action. */
@ApplicationScoped
public class AdminMetrics {

    private final MeterRegistry registry;

    public AdminMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void changed(String kind, String action) {
        Counter.builder("mailfleet.admin.changes")
                .description("Changes made through the admin API, by kind of object and action")
                .tags("kind", kind, "action", action)
                .register(registry)
                .increment();
    }
}
