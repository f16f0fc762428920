package io.mailfleet.delivery.lag;

import io.mailfleet.delivery.server.Backends;
import io.mailfleet.events.ConsumerGroupLag;
import io.mailfleet.events.ConsumerGroupLag.TopicLag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The backlog of each consumer group this instance runs, as the broker sees it, measured in the
 * background every few seconds so that a scrape never waits for Kafka. Every instance of a group
 * reports the same values, so dashboards and autoscalers aggregate with {@code max by (group, topic)},
 * never {@code sum}. While Kafka does not answer, the last measurement stays.
 */
@ApplicationScoped
public class GroupLagMetrics {

    private static final Logger LOG = Logger.getLogger(GroupLagMetrics.class);
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(3);

    private final Backends backends;
    private final MeterRegistry registry;
    private final Map<String, List<String>> groups = new ConcurrentHashMap<>();
    private final Map<String, TopicLag> latest = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private ConsumerGroupLag lag;

    public GroupLagMetrics(Backends backends, MeterRegistry registry) {
        this.backends = backends;
        this.registry = registry;
    }

    /** Reports the group's lag on these topics from now on. */
    public synchronized void watch(String group, List<String> topics) {
        groups.put(group, List.copyOf(topics));
        for (String topic : topics) {
            String key = group + "/" + topic;
            Gauge.builder("mailfleet_delivery_consumer_lag_records", latest, all -> records(all.get(key)))
                    .description("Records of the topic the consumer group has not committed yet, on all partitions")
                    .tag("group", group).tag("topic", topic)
                    .register(registry);
            Gauge.builder("mailfleet_delivery_consumer_oldest_waiting_seconds", latest, all -> age(all.get(key)))
                    .description("How long the oldest record the consumer group has not committed has waited")
                    .tag("group", group).tag("topic", topic)
                    .register(registry);
        }
        if (scheduler == null) {
            lag = new ConsumerGroupLag(backends.kafkaBootstrapServers(), Map.of(), KAFKA_TIMEOUT, Clock.systemUTC());
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "group-lag");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(this::measure, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void measure() {
        groups.forEach((group, topics) -> {
            try {
                lag.measure(group, topics).forEach(topic -> latest.put(group + "/" + topic.topic(), topic));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.debugf("lag of group %s not measured: %s", group, e);
            }
        });
    }

    /** Unknown until the first measurement. */
    private static double records(TopicLag lag) {
        return lag == null ? Double.NaN : lag.records();
    }

    private static double age(TopicLag lag) {
        return lag == null ? Double.NaN : lag.oldestWaiting().toMillis() / 1000.0;
    }

    @PreDestroy
    synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(KAFKA_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lag.close();
        }
    }
}
