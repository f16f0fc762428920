package io.mailfleet.quarkus.backend;

import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.ProducerSettings;
import io.mailfleet.events.topic.TopicLayout;
import io.mailfleet.events.topic.TopicProvisioner;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.quarkus.config.TopicSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Tells every smtp-ingress and delivery-worker instance that a domain, account or alias changed (admin-api:
 * created, removed, or given another quota; imap-gateway: an account's INBOX renamed, so that its messages
 * left with the old INBOX's id and a new INBOX took the name), so that their caches drop what they remember
 * of it at once. A hint, sent after the change is stored and off the request's thread: when Kafka cannot
 * take it, the change still stands, the request does not wait for Kafka, and the caches forget the entry
 * when its time to live runs out.
 */
@ApplicationScoped
public class DirectoryEvents {

    private static final Logger LOG = Logger.getLogger(DirectoryEvents.class);

    private final KafkaSettings kafka;
    private final String topic;
    private final EventPublisher publisher;
    /** One thread: a publish may wait for the broker's metadata, and changes go out in order. */
    private final ExecutorService sending = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "directory-events");
        thread.setDaemon(true);
        return thread;
    });
    private boolean topicChecked;

    public DirectoryEvents(KafkaSettings kafka, TopicSettings topics) {
        this.kafka = kafka;
        this.topic = topics.directoryEvents();
        this.publisher = new EventPublisher(ProducerSettings.defaults(kafka.bootstrapServers()), Topics.DEFAULTS);
    }

    /** Announces the change in the background. */
    public void changed(DirectoryChanged.Kind kind, String name) {
        sending.execute(() -> {
            createTopicOnce();
            publisher.publish(topic, name, DirectoryChanged.changed(kind, name)).whenComplete((position, failure) -> {
                if (failure != null) {
                    LOG.warnf("caches keep %s %s until their TTL: cannot publish its change: %s", kind, name, failure.toString());
                }
            });
        });
    }

    /** The readers create the topic when they start; this covers changes made before any of them ran. */
    private void createTopicOnce() {
        if (topicChecked) {
            return;
        }
        try {
            new TopicProvisioner(kafka.bootstrapServers(), Map.of(), Duration.ofSeconds(10))
                    .createMissing(List.of(topic), new TopicLayout(kafka.partitions(), kafka.replicationFactor()));
            topicChecked = true;
        } catch (RuntimeException e) {
            LOG.warnf("cannot create the topic %s now: %s", topic, e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        sending.shutdown();
        publisher.close();
    }
}
