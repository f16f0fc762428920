package io.mailfleet.delivery.collect;

import io.mailfleet.delivery.server.Backends;
import io.mailfleet.store.cassandra.BlobCollector;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the blob collector from the delivery workers, which are always running and already hold the
 * stores it needs: every {@code interval} each instance tries, and the one that gets the collector's
 * lease runs (or resumes) a cycle while the others skip. A failure ends the run; the next one resumes.
 */
@ApplicationScoped
public class BlobCollection {

    private static final Logger LOG = Logger.getLogger(BlobCollection.class);

    private final Backends backends;
    private final BlobCollectionSettings settings;
    private ScheduledExecutorService scheduler;

    public BlobCollection(Backends backends, BlobCollectionSettings settings) {
        this.backends = backends;
        this.settings = settings;
    }

    void start(@Observes StartupEvent started) {
        if (!settings.enabled()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "blob-collector");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::collect, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void collect() {
        try {
            BlobCollector.Settings collector = new BlobCollector.Settings(settings.grace(), settings.temporaryGrace(),
                    Duration.ofDays(1), 1000);
            BlobCollector.Run run = new BlobCollector(backends.store().session(), backends.blobs(), collector, Clock.systemUTC())
                    .collect();
            if (run.finished()) {
                LOG.infof("blob collection: %d blobs and %d temporary objects deleted", run.blobsDeleted(), run.temporariesDeleted());
            }
        } catch (RuntimeException e) {
            LOG.warnf("blob collection stopped, to be resumed: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
