package io.mailfleet.quarkus.backend;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.ProducerSettings;
import io.mailfleet.events.directory.DirectoryChangeReader;
import io.mailfleet.events.topic.TopicLayout;
import io.mailfleet.events.topic.TopicProvisioner;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.quarkus.config.CassandraSettings;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.quarkus.config.S3Settings;
import io.mailfleet.quarkus.config.TopicSettings;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.cassandra.CassandraBlobPins;
import io.mailfleet.store.cassandra.CassandraSessions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The backends of a service, once per process: the Cassandra session, the blob store, the event
 * publisher and the reader of the directory events. Cassandra is connected on first use and again
 * after a failure, so a service starts while it is down, says so through readiness, and meanwhile
 * answers the protocol's temporary error (the delivery worker's consumers wait).
 */
@ApplicationScoped
public class MailBackends {

    private static final Logger LOG = Logger.getLogger(MailBackends.class);

    private final CassandraSettings cassandraSettings;
    private final KafkaSettings kafka;
    private final TopicSettings topics;
    private final MinioBlobStore blobs;
    private final EventPublisher events;
    private CqlSession cassandra;
    /** Made once, then read without the lock by every put: a put must not queue behind the lock's other holders. */
    private volatile CassandraBlobPins pins;
    private DirectoryChangeReader directoryChanges;

    public MailBackends(CassandraSettings cassandra, KafkaSettings kafka, S3Settings s3, TopicSettings topics) {
        this.cassandraSettings = cassandra;
        this.kafka = kafka;
        this.topics = topics;
        // Every blob put here is pinned first: a body stored at SMTP ingress, for an IMAP APPEND or by the
        // delivery worker has no message referring to it until delivery or the append, and the pin keeps
        // the collector off.
        this.blobs = MinioBlobStore.create(s3.toConfig(), key -> pins().pin(key));
        // No linger (Kafka 4 waits 5 ms by default): someone waits for every event published here, the SMTP
        // client for its 250 (invariant 1) and IDLE sessions for the hint of a delivered or appended message,
        // and one message's publish is a lone record; records sent while earlier requests are in flight are
        // batched anyway.
        this.events = new EventPublisher(ProducerSettings.defaults(kafka.bootstrapServers())
                .withClientProperties(Map.of(ProducerConfig.LINGER_MS_CONFIG, "0")), topics.toTopics());
    }

    public MinioBlobStore blobs() {
        return blobs;
    }

    public EventPublisher events() {
        return events;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * Starts this instance's reading of the directory events, handing each removal to {@code forget}
     * until the backends close.
     */
    public synchronized void readDirectoryChanges(Consumer<DirectoryChanged> forget) {
        directoryChanges = DirectoryChangeReader.start(kafka.bootstrapServers(), topics.directoryEvents(), Map.of(), forget);
    }

    /** Whether removals published now reach this instance's caches; false until the reader has its partitions. */
    public synchronized boolean readingDirectoryChanges() {
        return directoryChanges != null && directoryChanges.reading();
    }

    /** The session on the migrated keyspace, connecting first if needed; throws StoreUnavailableException if it cannot. */
    public synchronized CqlSession cassandra() {
        if (cassandra == null) {
            cassandra = CassandraSessions.openMigrated(cassandraSettings.toConfig());
        }
        return cassandra;
    }

    /** The blob pins on the Cassandra session, connecting first if needed; throws StoreUnavailableException if it cannot. */
    public CassandraBlobPins pins() {
        CassandraBlobPins made = pins;
        if (made == null) {
            synchronized (this) {
                if (pins == null) {
                    pins = CassandraSessions.preparing("preparing the blob pins", () ->
                            new CassandraBlobPins(cassandra(), CassandraBlobPins.DEFAULT_LIFETIME, Duration.ofSeconds(30)));
                }
                made = pins;
            }
        }
        return made;
    }

    /**
     * What a service's sessions use on the Cassandra session (its repositories, the authenticator),
     * made once, on first use, connecting first if needed. Until Cassandra answers, the supplier
     * throws StoreUnavailableException and tries again on the next call.
     */
    public <T> Supplier<T> onCassandra(Function<CqlSession, T> make) {
        return new Supplier<>() {
            /** Read without the lock once made: every command of every session asks for it. */
            private volatile T made;

            @Override
            public T get() {
                T ready = made;
                if (ready == null) {
                    synchronized (this) {
                        if (made == null) {
                            made = CassandraSessions.preparing("preparing statements", () -> make.apply(cassandra()));
                        }
                        ready = made;
                    }
                }
                return ready;
            }
        };
    }

    /**
     * Creates the bucket and topics when missing. Best effort: with S3 or Kafka down the service
     * still starts, readiness says what is missing, and the protocol answers its temporary error.
     */
    public void createBucketAndTopics() {
        createBucketAndTopics(List.of());
    }

    /** {@link #createBucketAndTopics()}, and also the topics only this service uses. */
    public void createBucketAndTopics(Collection<String> serviceTopics) {
        try {
            blobs.ensureBucket();
        } catch (RuntimeException e) {
            LOG.warnf("cannot create the bucket now: %s", e.getMessage());
        }
        try {
            TopicProvisioner provisioner = new TopicProvisioner(kafka.bootstrapServers(), Map.of(), Duration.ofSeconds(10));
            TopicLayout layout = new TopicLayout(kafka.partitions(), kafka.replicationFactor());
            List<String> names = new ArrayList<>(topics.toTopics().all());
            names.add(topics.directoryEvents());
            names.addAll(serviceTopics);
            provisioner.createMissing(names, layout);
        } catch (RuntimeException e) {
            LOG.warnf("cannot create the topics now: %s", e.getMessage());
        }
    }

    @PreDestroy
    synchronized void close() {
        if (directoryChanges != null) {
            directoryChanges.close();
        }
        events.close();
        blobs.close();
        if (cassandra != null) {
            cassandra.close();
        }
    }
}
