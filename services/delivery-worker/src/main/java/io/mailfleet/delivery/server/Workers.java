package io.mailfleet.delivery.server;

import io.mailfleet.delivery.bounce.Bounces;
import io.mailfleet.delivery.config.DeliverySettings;
import io.mailfleet.delivery.inbound.InboundHandler;
import io.mailfleet.delivery.inbound.RetriedCopies;
import io.mailfleet.delivery.lag.GroupLagMetrics;
import io.mailfleet.delivery.local.LocalDelivery;
import io.mailfleet.delivery.local.RecipientResolver;
import io.mailfleet.events.AcknowledgedBatchHandler;
import io.mailfleet.events.ConsumerSettings;
import io.mailfleet.events.DelayLine;
import io.mailfleet.events.EventConsumer;
import io.mailfleet.events.EventHandler;
import io.mailfleet.events.ProducerSettings;
import io.mailfleet.quarkus.failure.TemporaryFailures;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.store.cassandra.CassandraFirstCopies;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Starts the consumers, each on its own thread: accepted mail, and the delay line that brings
 * retries back when due; the relay's consumers are started by the relay. Handlers are built on
 * first use, so that consumers started while Cassandra is down wait for it (their events are read
 * again) instead of failing.
 */
@ApplicationScoped
public class Workers {

    /** How long a handler waits for Kafka to acknowledge what it publishes before it gives up and retries. */
    public static final Duration PUBLISH_BOUND = ProducerSettings.defaults("unused:0").publishBound();
    /** Between attempts of an event whose dependency is down. */
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final Backends backends;
    private final DeliverySettings settings;
    private final DeliveryMetrics metrics;
    private final MeterRegistry registry;
    private final Bounces bounces;
    private final GroupLagMetrics lag;
    private final List<EventConsumer<?>> consumers = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private DelayLine delayLine;
    private InboundHandler inbound;
    private ExecutorService reads;

    public Workers(Backends backends, DeliverySettings settings, DeliveryMetrics metrics, MeterRegistry registry,
                   Bounces bounces, GroupLagMetrics lag) {
        this.backends = backends;
        this.settings = settings;
        this.metrics = metrics;
        this.registry = registry;
        this.bounces = bounces;
        this.lag = lag;
    }

    void start(@Observes StartupEvent started) {
        backends.prepare();
        AtomicInteger readers = new AtomicInteger();
        reads = Executors.newFixedThreadPool(settings.parallelReads(), task -> {
            Thread reader = new Thread(task, "delivery-read-" + readers.incrementAndGet());
            reader.setDaemon(true);
            return reader;
        });
        String bootstrap = backends.kafkaBootstrapServers();
        if (settings.inboundConsumers() > 0) {
            lag.watch(settings.consumerGroup(), List.of(backends.topics().inbound()));
        }
        for (int i = 0; i < settings.inboundConsumers(); i++) {
            ConsumerSettings consumer = ConsumerSettings.defaults(bootstrap, settings.consumerGroup(),
                    List.of(backends.topics().inbound()), backends.topics().deadLetter())
                    .withRetries(ConsumerSettings.DEFAULT_MAX_ATTEMPTS, RETRY_BACKOFF)
                    .withBatchSize(settings.inboundBatchSize());
            run("inbound-" + i, new EventConsumer<>(consumer, MailAccepted.class, lazilyInBatches(this::inbound)));
        }
        delayLine = new DelayLine(ConsumerSettings.defaults(bootstrap, settings.consumerGroup() + "-delays",
                backends.retries().topics(), backends.topics().deadLetter()), ProducerSettings.defaults(bootstrap),
                Clock.systemUTC());
        lag.watch(settings.consumerGroup() + "-delays", backends.retries().topics());
        Thread thread = new Thread(delayLine, "delay-line");
        thread.start();
        threads.add(thread);
        registerConsumerMetrics();
    }

    /** Runs a consumer on a thread of its own and counts it in the consumer metrics. */
    public void run(String name, EventConsumer<?> consumer) {
        consumers.add(consumer);
        Thread thread = new Thread(consumer, name);
        thread.start();
        threads.add(thread);
    }

    private void registerConsumerMetrics() {
        FunctionCounter.builder("mailfleet_delivery_dead_letters_total", consumers,
                        all -> all.stream().mapToLong(EventConsumer::deadLetteredCount).sum())
                .description("Events that could not be processed and were copied to the dead-letter topic")
                .register(registry);
    }

    void stop(@Observes ShutdownEvent stopping) {
        consumers.forEach(EventConsumer::close);
        if (delayLine != null) {
            delayLine.close();
        }
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (reads != null) {
            reads.shutdown();
        }
    }

    private synchronized InboundHandler inbound() {
        if (inbound == null) {
            Backends.Store store = backends.store();
            RecipientResolver resolver = new RecipientResolver(store.domains(), store.accounts(), store.aliases(),
                    settings.maxAliasDepth(), settings.maxAliasTargets(), settings.directoryCacheTtl());
            LocalDelivery local = new LocalDelivery(store.accounts(), store.mailboxes(), store.messages(), store.contents(),
                    backends.blobs(), backends.events(), reads, settings.directoryCacheTtl());
            backends.readDirectoryChanges(change -> {
                resolver.forget(change);
                local.forget(change);
                metrics.directoryChangeHeard(change.kind().name().toLowerCase(Locale.ROOT));
            });
            RetriedCopies retried = new RetriedCopies(backends.blobs(), new CassandraFirstCopies(store.session()),
                    settings.duplicateWindow(), Clock.systemUTC());
            inbound = new InboundHandler(resolver, local, retried, bounces, backends.events(), backends.topics(),
                    backends.retries(), settings.quotaRetryFor(), PUBLISH_BOUND, settings.maxUnacknowledgedEvents(), reads,
                    metrics, Clock.systemUTC());
        }
        return inbound;
    }

    /** {@link #lazily} for a handler of acknowledged batches, which stays one. */
    static <T> AcknowledgedBatchHandler<T> lazilyInBatches(Supplier<? extends AcknowledgedBatchHandler<T>> handler) {
        return batch -> built(handler).store(batch);
    }

    /** A handler built when the first event needs it; until the store answers, events wait. */
    public static <T> EventHandler<T> lazily(Supplier<? extends EventHandler<T>> handler) {
        return received -> built(handler).handle(received);
    }

    private static <H> H built(Supplier<? extends H> handler) {
        try {
            return handler.get();
        } catch (io.mailfleet.store.StoreUnavailableException | com.datastax.oss.driver.api.core.DriverException e) {
            // Building prepares the repositories' statements on the session directly, so a Cassandra that does
            // not answer yet shows as the driver's own exception (NoNodeAvailableException): an outage too,
            // never a reason to dead-letter the event that needed the handler.
            TemporaryFailures.shared().record("delivery deferred, the event will be read again", e);
            throw new io.mailfleet.events.RetryLaterException("the store is not reachable yet", e);
        }
    }
}
