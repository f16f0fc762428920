package io.mailfleet.quarkus.failure;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Exports {@code mailfleet_temporary_failures_total} of every cause from startup, before any failure. */
@ApplicationScoped
class TemporaryFailureSeries {

    void exportAtStart(@Observes StartupEvent started) {
        TemporaryFailures.shared().exportEveryCause();
    }
}
