package io.mailfleet.imap.gateway.idle;

import io.mailfleet.imap.gateway.config.ImapGatewaySettings;
import io.quarkus.arc.DefaultBean;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The wake-ups that need nothing but the store: every watcher is woken each interval and resyncs. It is
 * the default, and the fallback that bounds how late a change is seen when no event arrives.
 */
@ApplicationScoped
@DefaultBean
public class PollingWakeups implements AccountWakeups {

    private final Set<Runnable> watchers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "imap-idle-poll");
        thread.setDaemon(true);
        return thread;
    });

    public PollingWakeups(ImapGatewaySettings settings) {
        long millis = Math.max(1, settings.idlePollInterval().toMillis());
        timer.scheduleWithFixedDelay(() -> watchers.forEach(Runnable::run), millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public AutoCloseable watch(String account, Runnable wake) {
        // Each watcher gets its own entry, so two sessions handing in equal runnables both stay watched.
        Runnable entry = wake::run;
        watchers.add(entry);
        return () -> watchers.remove(entry);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
